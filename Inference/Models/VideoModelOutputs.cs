using static TorchSharp.torch;

namespace EdgeVision.Inference.Models;

/// <summary>One definition of "probabilities" for every model, so callers never care which forward they got.</summary>
internal static class VideoModelOutputs
{
    public static Tensor Probabilities(IVideoModel model, Tensor frames)
    {
        using var scope = NewDisposeScope();
        var output = model.Module.call(frames);
        var probabilities = model.ForwardReturnsProbabilities ? output : output.softmax(1);
        return probabilities.MoveToOuterDisposeScope();
    }
}

using static TorchSharp.torch;

namespace EdgeVision.Tests.Inference.Training;

/// <summary>A "model" that ranks the classes the same way for every clip: class 0 first, then 1, and so on.</summary>
internal sealed class FixedRanking(int classes) : nn.Module<Tensor, Tensor>(nameof(FixedRanking))
{
    public override Tensor forward(Tensor clips) =>
        arange(classes, 0, -1, dtype: ScalarType.Float32).unsqueeze(0).expand(clips.shape[0], classes).contiguous();
}

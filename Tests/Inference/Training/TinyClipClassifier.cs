using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeVision.Tests.Inference.Training;

/// <summary>
/// A tiny motion reader for the trainer tests. Subtracting each pixel's mean over the clip removes the static
/// background and distractor, and the absolute value removes the random colour polarity; what is left is where
/// the shape is (or changed) in each frame, which two small 3D convolutions and a head that keeps time and a 2x2
/// layout can classify within seconds on a CPU.
/// </summary>
internal sealed class TinyClipClassifier : nn.Module<Tensor, Tensor>
{
    private readonly Conv3d conv1;
    private readonly BatchNorm3d norm1;
    private readonly MaxPool3d pool1;
    private readonly Conv3d conv2;
    private readonly BatchNorm3d norm2;
    private readonly AdaptiveAvgPool3d pool2;
    private readonly Linear head;

    public TinyClipClassifier(int classes, int frames, int channels = 8)
        : base(nameof(TinyClipClassifier))
    {
        conv1 = nn.Conv3d(1, channels, 3, padding: 1);
        norm1 = nn.BatchNorm3d(channels);
        pool1 = nn.MaxPool3d([1, 2, 2]);
        conv2 = nn.Conv3d(channels, 2 * channels, 3, padding: 1);
        norm2 = nn.BatchNorm3d(2 * channels);
        pool2 = nn.AdaptiveAvgPool3d([frames, 2, 2]);
        head = nn.Linear(2 * channels * frames * 4, classes);
        RegisterComponents();
    }

    public override Tensor forward(Tensor clips)
    {
        using var scope = NewDisposeScope();
        // (batch, time, channel, h, w) -> (batch, 1, time, h, w) of what differs from the clip's still image.
        var x = (clips - clips.mean([1], keepdim: true)).abs().sum(2).unsqueeze(1);
        x = pool1.call(nn.functional.relu(norm1.call(conv1.call(x))));
        x = pool2.call(nn.functional.relu(norm2.call(conv2.call(x))));
        return head.call(x.flatten(1)).MoveToOuterDisposeScope();
    }
}

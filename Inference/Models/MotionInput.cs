using static TorchSharp.torch;

namespace EdgeVision.Inference.Models;

/// <summary>
/// The input every model sees: the frames, plus each frame minus the clip's per-pixel mean over time
/// (a parameter-free motion channel, in the spirit of TSN's RGB differences). Static background, colour
/// and texture cancel in the second half, so what moved stands out; the first half keeps appearance.
/// Without it the models stayed at chance on clips whose class shows only in motion.
/// </summary>
internal static class MotionInput
{
    public static long Channels(long inputChannels) => 2 * inputChannels;

    /// <summary>(batch, time, channels, height, width) to (batch, time, 2 x channels, height, width).</summary>
    public static Tensor Augment(Tensor frames)
    {
        using var scope = NewDisposeScope();
        var motion = frames - frames.mean([1], keepdim: true);
        return cat([frames, motion], 2).MoveToOuterDisposeScope();
    }
}

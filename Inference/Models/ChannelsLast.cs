using static TorchSharp.torch;

namespace EdgeVision.Inference.Models;

/// <summary>
/// Channels-last 3D layout for every Conv3d input that needs a gradient: libtorch 2.10's CPU float32 conv3d backward
/// on contiguous NCDHW reads memory it never wrote (NaN or garbage gradients for whatever sits before the convolution,
/// see GradientIntegrityTests); the channels-last kernel does not.
/// </summary>
internal static class ChannelsLast
{
    /// <summary>Same (N, C, D, H, W) shape, channels-last-3d strides (TorchSharp has no memory_format overload).</summary>
    public static Tensor Of3d(Tensor volume) => volume.permute(0, 2, 3, 4, 1).contiguous().permute(0, 4, 1, 2, 3);
}

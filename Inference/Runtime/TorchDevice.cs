using Microsoft.Extensions.Logging;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Runtime;

/// <summary>
/// libtorch's device for a session (checkpoints and TorchScript alike): CUDA when preferred and libtorch has a usable
/// device, else the CPU, logging why when CUDA was preferred.
/// </summary>
internal static partial class TorchDevice
{
    /// <param name="preferCuda"><see cref="InferenceSessionOptions.PreferCuda"/>.</param>
    /// <param name="model">The model's name for the log line.</param>
    /// <param name="logger">Where the fallback is logged.</param>
    public static Device Choose(bool preferCuda, string model, ILogger logger)
    {
        if (!preferCuda)
        {
            return CPU;
        }

        if (cuda.is_available())
        {
            return CUDA;
        }

        LogNoCuda(logger, model, __version__);
        return CPU;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "libtorch serves {Model} on the CPU although CUDA is preferred (Silo:InferenceSession:PreferCuda): libtorch {Version} sees no CUDA device (a CPU build of libtorch, or no GPU or driver)")]
    private static partial void LogNoCuda(ILogger logger, string model, string version);
}

using TorchSharp;

namespace EdgeVision.Silo.Clustering;

/// <summary>Asks libtorch whether a CUDA device is usable, for the silo metadata's <c>auto</c> device.</summary>
internal static class CudaProbe
{
    public static bool IsAvailable()
    {
        try
        {
            return torch.cuda.is_available();
        }
        catch (Exception ex) when (ex is TypeInitializationException or DllNotFoundException or NotSupportedException)
        {
            // libtorch did not load: the engine will report it at start; the metadata says cpu.
            return false;
        }
    }
}

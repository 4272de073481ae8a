using System.Runtime.InteropServices;
using EdgeVision.Inference.Packages;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Runtime;

/// <summary>
/// Serves a TorchScript model of a package (<c>torch.jit.trace</c> or <c>torch.jit.script</c>, saved with
/// <c>torch.jit.save</c>) on libtorch through TorchSharp: on CUDA when <see cref="InferenceSessionOptions.PreferCuda"/>
/// and libtorch allow, as the shipped checkpoints are, else on the CPU; with the tensor discipline of
/// <see cref="InferenceSession"/>: <c>inference_mode</c>, a dispose scope per batch, arrays in and out. Threads are
/// <see cref="InferenceSessionOptions.ThreadCount"/>, libtorch's process-wide setting. Calls are serialised.
/// </summary>
public sealed partial class TorchScriptSession : PackageSession
{
    private readonly jit.ScriptModule<Tensor, Tensor> module;
    private readonly Device device;
    private readonly Lock gate = new();

    /// <param name="model">The TorchScript file's bytes (<see cref="ModelPackage.Open"/>).</param>
    /// <param name="manifest">What the model takes and returns.</param>
    /// <param name="options">Threads (<see cref="InferenceSessionOptions.ThreadCount"/>; 0 keeps libtorch's).</param>
    /// <param name="logger">Logs the start with the device chosen, and why CUDA was not, when it was preferred.</param>
    /// <exception cref="ArgumentException">libtorch cannot load the file (e.g. saved by a newer PyTorch than this libtorch).</exception>
    public TorchScriptSession(byte[] model, ModelManifest manifest, InferenceSessionOptions options, ILogger<TorchScriptSession> logger)
        : base(manifest)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(logger);
        if (options.ThreadCount > 0)
        {
            torch.set_num_threads(options.ThreadCount);
        }

        device = TorchDevice.Choose(options.PreferCuda, manifest.Name, logger);

        // libtorch loads TorchScript from a file, parameters and buffers onto the device. A trace also records the device
        // of tensors its forward pass created, so a model whose forward creates tensors is best traced on the GPU or
        // scripted to serve on CUDA.
        var file = Path.Combine(Path.GetTempPath(), $"edgevision-{Guid.NewGuid():N}.pt");
        try
        {
            File.WriteAllBytes(file, model);
            module = jit.load<Tensor, Tensor>(file, device);
        }
        catch (ExternalException e)
        {
            throw new ArgumentException(
                $"libtorch {torch.__version__} cannot load the TorchScript model '{manifest.Name}' (a file saved by a newer PyTorch may not load): {e.Message}", nameof(model), e);
        }
        finally
        {
            File.Delete(file);
        }

        module.eval();
        DeviceName = device.ToString();
        LogStarted(logger, manifest.Name, manifest.Version, DeviceName, torch.get_num_threads());
    }

    public override string DeviceName { get; }

    protected override float[][] RunChecked(ReadOnlyMemory<float> values, long[] dimensions)
    {
        lock (gate)
        {
            using var scope = NewDisposeScope();
            using var inference = inference_mode();
            var flat = MemoryMarshal.TryGetArray(values, out var segment) && segment.Array is { } array
                ? from_array(array).narrow(0, segment.Offset, segment.Count)
                : tensor(values.ToArray());
            var output = module.call(flat.reshape(dimensions).to(device)).cpu().contiguous();
            return Rows(output.data<float>().ToArray(), output.shape, dimensions[0]);
        }
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            module.Dispose();
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "libtorch serves the TorchScript model {Name} version {Version} on {Device} with {Threads} CPU threads")]
    private static partial void LogStarted(ILogger logger, string name, string version, string device, int threads);
}

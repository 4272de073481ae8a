using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeVision.Silo.Clustering;

/// <summary>
/// Stops a silo told to run its models on CUDA (<c>Silo:Cluster:InferenceDevice</c> <c>cuda</c>) where libtorch sees no
/// CUDA device, before it joins the cluster: it would otherwise serve on the CPU, many times slower, while its silo
/// metadata says cuda. A CPU build of TorchSharp, a node without the driver, or a container given no GPU all end here,
/// as invalid configuration (exit code 2 under <c>RunOrExplain</c>).
/// </summary>
internal sealed class InferenceDeviceCheck : IHostedService
{
    private readonly SiloClusterOptions _cluster;
    private readonly Func<bool> _cudaAvailable;

    public InferenceDeviceCheck(IOptions<SiloClusterOptions> cluster)
        : this(cluster, CudaProbe.IsAvailable)
    {
    }

    internal InferenceDeviceCheck(IOptions<SiloClusterOptions> cluster, Func<bool> cudaAvailable)
    {
        ArgumentNullException.ThrowIfNull(cluster);
        ArgumentNullException.ThrowIfNull(cudaAvailable);
        _cluster = cluster.Value;
        _cudaAvailable = cudaAvailable;
    }

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (_cluster is { HostsInference: true, InferenceDevice: "cuda" } && !_cudaAvailable())
        {
            throw new OptionsValidationException(SiloClusterOptions.SectionName, typeof(SiloClusterOptions),
            [
                $"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.InferenceDevice)} is cuda, but libtorch sees no CUDA "
                + "device (a CPU build of TorchSharp, no NVIDIA driver, or no GPU given to this container); set it to auto or cpu "
                + "to serve on the CPU.",
            ]);
        }

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Catalog;
using EdgeVision.Silo.Clustering;
using EdgeVision.Silo.Models;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeVision.Silo.Grains;

/// <summary>
/// On silos that host inference, loads the model catalog and starts the inference engine while the host starts, so
/// the first camera's first sequence does not pay for loading libtorch and the checkpoints (it could go stale); and checks that
/// every model the cameras are assigned is served; then starts watching the model directory for new versions
/// (<see cref="ModelDirectoryWatcher"/>, stopped when the host disposes it).
/// </summary>
internal sealed partial class InferenceWarmup(IServiceProvider services, IOptions<SiloClusterOptions> cluster, ILogger<InferenceWarmup> logger)
    : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!cluster.Value.HostsInference)
        {
            LogNoInference(logger);
            return Task.CompletedTask;
        }

        var catalog = services.GetRequiredService<IModelCatalog>();
        services.GetRequiredService<IInferenceEngine>();
        if (catalog.Keys.Count == 0)
        {
            LogNoModels(logger, SiloConfiguration.ModelCatalog);
        }

        foreach (var key in catalog.Keys)
        {
            var model = catalog.Describe(key);
            LogModel(logger, key, model.Kind, model.Version, model.Device, model.CheckpointPath);
        }

        // Every model the cameras are assigned must be served: stops the silo at start naming the key, like any bad setting.
        if (services.GetRequiredService<CameraModels>().Check() is { Count: > 0 } unserved)
        {
            throw new OptionsValidationException(CameraGrainOptions.SectionName, typeof(CameraGrainOptions), unserved);
        }

        services.GetRequiredService<ModelDirectoryWatcher>().Start();

        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    [LoggerMessage(Level = LogLevel.Information, Message = "This silo does not host inference (Silo:Cluster:HostsInference is false): no models loaded")]
    private static partial void LogNoInference(ILogger logger);

    [LoggerMessage(Level = LogLevel.Warning, Message = "No models found: every sequence will be dropped as invalid until {Section}:Directory or {Section}:Checkpoints names a checkpoint")]
    private static partial void LogNoModels(ILogger logger, string section);

    [LoggerMessage(Level = LogLevel.Information, Message = "Serving model {Key}: {Kind} version {Version} on {Device} from {Path}")]
    private static partial void LogModel(ILogger logger, string key, string kind, string version, string device, string path);
}

using System.Globalization;
using EdgeVision.Silo.Grains;
using EdgeVision.Testing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// The real inference silo in process: a generic host with <c>AddSilo()</c> (Orleans with localhost clustering on free
/// ports, MQTT ingestion, camera grains, the inference engine with the shipped conv3d checkpoint, result publishing),
/// configured through the same keys as <c>Silo/appsettings.json</c>. A fresh one per run, so no learned state carries over.
/// </summary>
internal sealed class SiloUnderTest : IAsyncDisposable
{
    private readonly IHost _host;

    private SiloUnderTest(IHost host) => _host = host;

    public static async Task<SiloUnderTest> StartAsync(int brokerPort, SiloMode mode, SiloBenchOptions options, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
        static string Text(double value) => value.ToString(CultureInfo.InvariantCulture);
        builder.Configuration.AddInMemoryCollection(LocalSilo(brokerPort, options.ModelsDirectory));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Silo:InferenceSession:ThreadCount"] = Text(options.Threads),
            ["Silo:Inference:TargetLatencyMs"] = Text(options.TargetLatencyMs),
            ["Silo:Inference:MaxLatencyMs"] = Text(options.MaxLatencyMs),
            ["Silo:Inference:MaxBatchSize"] = Text(options.MaxBatch),
            ["Silo:Inference:EnableBatching"] = mode.Batching ? "true" : "false",
            ["Silo:Inference:EnableFrameSkipping"] = mode.Adaptive ? "true" : "false",
            ["Silo:Inference:EnableAdaptiveResolution"] = mode.Adaptive ? "true" : "false",
        });
        if (options.ControllerWarmupSeconds is { } grace)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Silo:LatencyController:WarmupSeconds"] = Text(grace) });
        }

        if (options.HeapRetainBytes is { } retain)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Silo:InferenceSession:HeapRetainBytes"] = Text(retain) });
        }

        if (options.DegradeOrder is { } order)
        {
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["Silo:LatencyController:DegradeOrder"] = order });
        }

        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Logging.AddFilter("EdgeVision.Inference.Control", mode.Adaptive ? LogLevel.Information : LogLevel.Warning);
        builder.Logging.AddFilter("Orleans", LogLevel.Error);
        builder.AddSilo();
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new SiloUnderTest(host);
    }

    /// <summary>The camera grain's own account (results, drops by reason, pending) through the silo's grain factory.</summary>
    public Task<CameraStats> StatsAsync(string site, string camera) =>
        _host.Services.GetRequiredService<IGrainFactory>().GetGrain<ICameraGrain>(CameraKey.Format(site, camera)).GetStats().AsTask();

    /// <summary>
    /// What every benchmark silo is: localhost clustering on free ports under a fresh cluster id, the broker on loopback,
    /// inference on the device libtorch finds (CUDA when present), the shipped models.
    /// </summary>
    public static Dictionary<string, string?> LocalSilo(int brokerPort, string models)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        return new Dictionary<string, string?>
        {
            ["Silo:Mqtt:Host"] = "127.0.0.1",
            ["Silo:Mqtt:Port"] = brokerPort.ToString(CultureInfo.InvariantCulture),
            ["Silo:Mqtt:ClientId"] = $"bench-silo-{run}",
            ["Silo:Cluster:ClusterId"] = $"bench-{run}",
            ["Silo:Cluster:ServiceId"] = $"bench-{run}",
            ["Silo:Cluster:SiloPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            ["Silo:Cluster:GatewayPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            ["Silo:Cluster:InferenceDevice"] = "auto",
            ["Silo:ModelCatalog:Directory"] = models,
        };
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(stop.Token);
        _host.Dispose();
    }
}

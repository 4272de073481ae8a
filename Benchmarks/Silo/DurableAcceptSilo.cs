using System.Globalization;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// The real silo in process (<c>AddSilo()</c>, localhost clustering on free ports) with <c>Silo:Cluster:CameraStorage</c>
/// set to the mode under test; the pending bounds are raised so every sequence is accepted (the engine drops what it
/// cannot run as overload, after the accept, which is the path measured).
/// </summary>
internal sealed class DurableAcceptSilo : IAsyncDisposable
{
    private readonly IHost _host;

    private DurableAcceptSilo(IHost host) => _host = host;

    public IGrainFactory Grains => _host.Services.GetRequiredService<IGrainFactory>();

    public static async Task<DurableAcceptSilo> StartAsync(int brokerPort, string storage, string? redis, string models, CancellationToken cancellationToken)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
        builder.Configuration.AddInMemoryCollection(SiloUnderTest.LocalSilo(brokerPort, models));
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Silo:Cluster:CameraStorage"] = storage,
            ["Silo:Cluster:RedisConnectionString"] = redis,
            ["Silo:Cameras:MaxPendingSequences"] = "10000",
            ["Silo:InferenceSession:ThreadCount"] = "1",
            ["Silo:InferenceEngine:MaxPendingRequests"] = "64",
            ["Silo:Inference:TargetLatencyMs"] = "30000",
            ["Silo:Inference:MaxLatencyMs"] = "60000",
            ["Silo:Inference:EnableFrameSkipping"] = "false",
            ["Silo:Inference:EnableAdaptiveResolution"] = "false",
        });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Error);
        // Stopping a silo with sequences still in the engine fails their result-stream publishes: noise, not figures.
        builder.Logging.AddFilter("Orleans", LogLevel.Critical).AddFilter("Polly", LogLevel.Critical).AddFilter("Microsoft.Extensions.Logging.ILogger", LogLevel.Critical);
        builder.AddSilo();
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new DurableAcceptSilo(host);
    }

    public async ValueTask DisposeAsync()
    {
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await _host.StopAsync(stop.Token);
        _host.Dispose();
    }
}

using System.Globalization;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Edge.Streaming;
using EdgeVision.EdgeAgent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// One real edge agent in process (<c>AddEdgeAgent</c>: the <c>synthetic:</c> source paced at its frame rate, preprocessing,
/// sequence assembly, encoding, the MQTT publisher and the control handler), so the silo's control messages change its
/// frame skip and resolution as they would on a device.
/// </summary>
internal sealed class EdgeCamera : IAsyncDisposable
{
    private readonly IHost _host;

    private EdgeCamera(IHost host, string camera)
    {
        _host = host;
        Camera = camera;
    }

    public string Camera { get; }

    /// <summary>Starts camera <paramref name="index"/> sending <paramref name="size"/> square frames at <paramref name="fps"/>.</summary>
    public static async Task<EdgeCamera> StartAsync(string site, int index, int brokerPort, double fps, SiloBenchOptions options, CancellationToken cancellationToken)
    {
        var camera = $"cam-{index.ToString(CultureInfo.InvariantCulture)}";
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true, EnvironmentName = "Production" });
        var size = options.Size.ToString(CultureInfo.InvariantCulture);
        var rate = fps.ToString("0.###", CultureInfo.InvariantCulture);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Edge:Site"] = site,
            ["Edge:Camera"] = camera,
            ["Edge:Source"] = $"synthetic:width={size},height={size},fps={rate},seed={index.ToString(CultureInfo.InvariantCulture)}",
            ["Edge:Format"] = options.Format.Equals("jpeg", StringComparison.OrdinalIgnoreCase) ? "Jpeg" : "Rgb24",
            ["Edge:Mqtt:Host"] = "127.0.0.1",
            ["Edge:Mqtt:Port"] = brokerPort.ToString(CultureInfo.InvariantCulture),
            ["Edge:Mqtt:ClientId"] = $"bench-{camera}-{Guid.NewGuid():N}"[..30],
            ["Edge:Mqtt:OfflineQueueCapacity"] = "64",
            ["Edge:Video:TargetWidth"] = size,
            ["Edge:Video:TargetHeight"] = size,
            ["Edge:Video:Fps"] = rate,
            ["Edge:Video:SequenceLength"] = options.SequenceLength.ToString(CultureInfo.InvariantCulture),
        });
        builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Warning);
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.AddEdgeAgent();
        var host = builder.Build();
        await host.StartAsync(cancellationToken);
        return new EdgeCamera(host, camera);
    }

    public EdgeAgentStats Stats => _host.Services.GetRequiredService<EdgeAgentService>().GetStats();

    /// <summary>Frames the stream dropped, by reason (fps_limit, frame_skip, source_overrun).</summary>
    public IReadOnlyDictionary<DropReason, long> FrameDrops => _host.Services.GetRequiredService<VideoStream>().GetInfo().DroppedByReason;

    /// <summary>The frame skip and size the edge uses now (after the silo's control messages).</summary>
    public string Settings
    {
        get
        {
            var settings = _host.Services.GetRequiredService<VideoStream>().GetInfo().Settings;
            return FormattableString.Invariant($"skip {settings.FrameSkip} {settings.TargetWidth}x{settings.TargetHeight}");
        }
    }

    /// <summary>Stops capture and flushes what was assembled (the agent's own shutdown).</summary>
    public Task StopAsync() => _host.StopAsync();

    public async ValueTask DisposeAsync()
    {
        await _host.StopAsync();
        _host.Dispose();
    }
}

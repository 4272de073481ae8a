using System.Globalization;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Control;
using EdgeVision.Edge.Publishing;
using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Streaming;
using EdgeVision.EdgeAgent;
using EdgeVision.Tests.Edge;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Tests.EdgeAgent;

/// <summary>
/// The real edge agent (<c>AddEdgeAgent</c>) in a host of its own, capturing from a given source, publishing to a broker
/// on 127.0.0.1:<c>port</c>. Small frames and short sequences keep each test fast.
/// </summary>
internal sealed class AgentHost : IAsyncDisposable
{
    public const string Site = "site-1";
    public const string Camera = "cam-1";

    private bool _started;

    private AgentHost(IHost host) => Host = host;

    public IHost Host { get; }

    public EdgeAgentService Agent => Host.Services.GetRequiredService<EdgeAgentService>();

    public MqttSequencePublisher Publisher => Host.Services.GetRequiredService<MqttSequencePublisher>();

    public ControlHandler Control => Host.Services.GetRequiredService<ControlHandler>();

    public VideoStream Stream => Host.Services.GetRequiredService<VideoStream>();

    public static string Topic(string kind) => $"edgevision/{Site}/{Camera}/{kind}";

    /// <summary>Default test settings (16x16 frames, sequences of 4, Rgb24, fast reconnects, no republish) overlaid with <paramref name="settings"/>.</summary>
    public static AgentHost Create(int port, IFrameSource? source, IReadOnlyDictionary<string, string?>? settings = null, TimeSpan? shutdownTimeout = null)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging(logging =>
        {
            // EDGEVISION_TEST_LOGS=1 shows the agent's log when a test needs explaining.
            if (Environment.GetEnvironmentVariable("EDGEVISION_TEST_LOGS") == "1")
            {
                logging.AddSimpleConsole(o => o.TimestampFormat = "HH:mm:ss.fff ");
            }
        });
        var config = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            ["Edge:Site"] = Site,
            ["Edge:Camera"] = Camera,
            ["Edge:Source"] = "synthetic",
            ["Edge:Format"] = "Rgb24",
            ["Edge:Mqtt:Port"] = port.ToString(CultureInfo.InvariantCulture),
            ["Edge:Mqtt:ReconnectMinDelaySeconds"] = "0.05",
            ["Edge:Mqtt:ReconnectMaxDelaySeconds"] = "0.5",
            ["Edge:Video:TargetWidth"] = "16",
            ["Edge:Video:TargetHeight"] = "16",
            ["Edge:Video:Fps"] = "100",
            ["Edge:Video:SequenceLength"] = "4",
            // Most tests run without a silo: their sequences settle as no_result at once, without a republish.
            ["Edge:ResultTimeoutSeconds"] = "0.2",
            ["Edge:RetainForRepublish"] = "0",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            config[key] = value;
        }

        builder.Configuration.AddInMemoryCollection(config);
        if (source is not null)
        {
            builder.Services.AddSingleton(source);
        }

        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = shutdownTimeout ?? TimeSpan.FromSeconds(20));
        builder.AddEdgeAgent();
        return new AgentHost(builder.Build());
    }

    /// <summary>A generator of <paramref name="frames"/> 32x32 frames at <paramref name="fps"/> (paced), then the end.</summary>
    public static GeneratorFrameSource Generator(long frames, double fps = 100, Action<long>? onFrame = null) =>
        new((index, pixels) =>
        {
            onFrame?.Invoke(index);
            pixels.Fill((byte)(index % 251));
            return index < frames;
        }, 32, 32, fps, PixelOrder.Rgb, Playback.SourceRate);

    public async Task StartAsync()
    {
        await Host.StartAsync(TestContext.Current.CancellationToken);
        _started = true;
    }

    public Task StopAsync() => Host.StopAsync(CancellationToken.None);

    /// <summary>Completes when the agent stopped the application by itself (its source ended and everything was delivered).</summary>
    public Task WhenStoppingAsync()
    {
        var lifetime = Host.Services.GetRequiredService<IHostApplicationLifetime>();
        var stopping = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lifetime.ApplicationStopping.Register(() => stopping.TrySetResult());
        return stopping.Task.WaitAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_started)
        {
            await Host.StopAsync(CancellationToken.None);
        }

        Host.Dispose();
    }
}

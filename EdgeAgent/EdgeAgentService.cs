using EdgeVision.Edge.Accountability;
using EdgeVision.Edge.Control;
using EdgeVision.Edge.Publishing;
using EdgeVision.Edge.Streaming;
using EdgeVision.Startup;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeVision.EdgeAgent;

/// <summary>
/// The edge agent: capture (<see cref="VideoStream"/>) -> encode -> publish (<see cref="MqttSequencePublisher"/>), handed over
/// by <see cref="SequenceHandOver"/>, with control messages applied to the stream. On shutdown the source stops, sequences
/// already assembled are encoded and the queue is flushed within most of <see cref="HostOptions.ShutdownTimeout"/>; what
/// cannot be delivered by then is counted, and sequences whose outcome has not come are counted as <c>no_result</c> by the
/// <see cref="SequenceAccounting"/>; then the retained status turns offline and the client disconnects. When the source ends by itself (a file, a camera that failed for good) the agent
/// delivers what it has, waits for the outcomes (each within the ledger's timeout and one republish) and stops the application.
/// </summary>
public sealed partial class EdgeAgentService(
    VideoStream stream,
    SequenceHandOver handOver,
    MqttSequencePublisher publisher,
    SequenceAccounting accounting,
    ControlHandler control,
    StartOutcome startEnvironment,
    IOptions<HostOptions> hostOptions,
    IHostApplicationLifetime lifetime,
    ILogger<EdgeAgentService> logger) : BackgroundService
{
    /// <summary>The share of the host's shutdown timeout spent delivering; the rest is for the offline status and DISCONNECT.</summary>
    private const double FlushShare = 0.8;

    private readonly CancellationTokenSource _deadline = new();
    private CancellationToken _hardStop;

    public EdgeAgentStats GetStats()
    {
        var info = stream.GetInfo();
        return new EdgeAgentStats(info.FramesCaptured, info.SequencesAssembled, publisher.Instruments.Published, publisher.Instruments.DropsByReason(),
            info.SequenceBuffer.Count, publisher.Pending, publisher.IsReady, control.Instruments.Applied, control.Instruments.Rejected);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _hardStop = cancellationToken;
        _deadline.CancelAfter(hostOptions.Value.ShutdownTimeout * FlushShare);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _deadline.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        publisher.ControlReceived += payload => control.Handle(payload);
        publisher.Start();
        stream.StartStreaming();
        LogStarted(logger, publisher.Identity.Site, publisher.Identity.Camera, stream.GetInfo().Source, publisher.Identity.SequencesTopic);
        if (startEnvironment.Missed)
        {
            LogStartEnvironmentMissed(logger, startEnvironment.Description,
                string.Join(" and ", startEnvironment.Settings.Select(s => $"{s.Variable.Name}={s.Variable.Value}")));
        }
        else
        {
            LogStartEnvironment(logger, startEnvironment.Description);
        }

        var collector = GarbageCollectorSettings.Current();
        if (collector.LargeGen0Unchosen(startEnvironment[GarbageCollectorSettings.Gen0SizeVariable]))
        {
            LogLargeGen0(logger, collector.Mode, collector.Gen0BudgetMiB, GarbageCollectorSettings.Gen0SizeVariable, GarbageCollectorSettings.RecommendedGen0Size);
        }
        else
        {
            LogGarbageCollector(logger, collector.Mode, collector.Gen0BudgetMiB);
        }

        if (await handOver.RunAsync(stoppingToken, _deadline.Token).ConfigureAwait(false))
        {
            // The source finished by itself: deliver everything (however long the broker takes), then end the process.
            await handOver.DeliverRemainingAsync(stoppingToken).ConfigureAwait(false);
            await accounting.Ledger.WhenSettledAsync(stoppingToken).ConfigureAwait(false);
            LogSourceFinished(logger, stream.GetInfo().SourceStatus.ToString());
            lifetime.StopApplication();
            await WhenCancelledAsync(stoppingToken).ConfigureAwait(false);
        }

        var flushed = await handOver.FinishAsync(_deadline.Token).ConfigureAwait(false);
        await publisher.StopAsync(_hardStop).ConfigureAwait(false);
        accounting.Ledger.Abandon();
        var stats = GetStats();
        LogStopped(logger, flushed, stats.SequencesAssembled, stats.SequencesPublished, stats.TotalDropped);
    }

    private static async Task WhenCancelledAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping.
        }
    }
}

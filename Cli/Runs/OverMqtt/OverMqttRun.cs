using EdgeVision.Cli.Plotting;
using EdgeVision.Cli.Reports;
using EdgeVision.Cli.Runs.InProcess;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Accountability;
using EdgeVision.Edge.Control;
using EdgeVision.Edge.Encoding;
using EdgeVision.Edge.Publishing;
using EdgeVision.Edge.Streaming;
using EdgeVision.Inference.Monitoring;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Cli.Runs.OverMqtt;

/// <summary>
/// A benchmark or live run against a running EdgeVision system: the source and preprocessing run here exactly as in
/// <see cref="InProcessRun"/>, then each sequence goes the edge agent's way (<see cref="SequenceHandOver"/>: encoded, then
/// <see cref="MqttSequencePublisher"/> to <c>edgevision/{site}/{camera}/sequences</c>, QoS 1, bounded offline queue),
/// control messages from the silo change the stream through the agent's <see cref="ControlHandler"/>, and the agent's
/// <see cref="SequenceAccounting"/> settles each sequence in the edge's <see cref="SequenceLedger"/> from the camera's results
/// and drops topics: a result, a silo's drop notice with its reason, a publisher drop, or, when neither came within
/// <c>--result-timeout</c> of its publish and again of its one republish, <c>no_result</c>. <see cref="ClusterOutcomes"/> turns
/// each settlement into the report, which reconciles as a local one does.
/// </summary>
internal static class OverMqttRun
{
    /// <summary>Beyond two timeouts: the ledger's sweep period (at most 1 s) twice, and the republish's own acknowledgement.</summary>
    private static readonly TimeSpan SettleSlack = TimeSpan.FromSeconds(5);

    public static async Task<RunReport> ExecuteAsync(string command, RunSettings settings, IRunObserver observer, TextWriter output, TextWriter error,
        CancellationToken cancellationToken)
    {
        var cluster = settings.Cluster ?? throw new ArgumentException("Not a --cluster run.", nameof(settings));
        var shape = ClusterModel.Shape(settings);
        var video = new VideoConfig { TargetWidth = shape.Width, TargetHeight = shape.Height, Fps = settings.Fps, SequenceLength = shape.SequenceLength, FrameSkip = 0 };
        if (video.Validate("--") is { Count: > 0 } invalid)
        {
            throw new ArgumentException(string.Join(" ", invalid));
        }

        if (ScenePace.Mismatch(settings.Source, settings.Model, shape.TrainedFramesPerAction) is { } pace)
        {
            error.WriteLine(pace);
        }

        await using var session = new RunSession(settings, error, cancellationToken);
        var time = session.Time;
        var services = session.Services;

        await BrokerCheck.RunAsync(cluster, time, services.Loggers.CreateLogger(typeof(BrokerCheck)), cancellationToken);

        var cameraKey = $"{cluster.Site}/{cluster.Camera}";
        var siloBefore = await ReadSiloDropsAsync(cluster, cameraKey, error, cancellationToken);
        var identity = new EdgeIdentity(cluster.Site, cluster.Camera, ClusterModel.Version)
        {
            Nominal = NominalSettings.Of(video),
        };
        await using var publisher = new MqttSequencePublisher(cluster.Mqtt, identity, new PublisherInstruments(services.Meters, cluster.Camera), time,
            services.Logger<MqttSequencePublisher>(), ClusterOptions.SwitchFor);
        using var accounting = new SequenceAccounting(publisher, cluster.Ledger, new LedgerInstruments(services.Meters, cluster.Camera), time,
            services.Logger<SequenceAccounting>());
        var ledger = accounting.Ledger;
        await using var stream = new VideoStream(session.Source, video, services.Meters, new VideoStreamOptions { Camera = cluster.Camera }, time,
            services.Logger<VideoStream>());
        var control = new ControlHandler(stream, identity, new ControlInstruments(services.Meters, cluster.Camera), time, services.Logger<ControlHandler>());
        var handOver = new SequenceHandOver(stream, new SequenceEncoder(new SequenceEncoderOptions(), video), publisher, services.Logger<SequenceHandOver>(),
            accounting);

        var recorder = new OutcomeRecorder();
        var monitor = new PerformanceMonitor(time);
        using var resources = new ResourceSampler(time, TimeSpan.FromSeconds(1));
        var startedAt = time.GetUtcNow();
        var outcomes = new ClusterOutcomes(time, startedAt, recorder, monitor, observer);
        var changes = new AdaptiveChanges(time, startedAt, outcomes);
        control.Applied += changes.OnApplied;
        publisher.ControlReceived += payload => control.Handle(payload);
        publisher.SequenceAcknowledged += outcomes.Acknowledged;
        ledger.Settled += outcomes.Settled;
        handOver.Taken += sequence => outcomes.Taken(SentSequence.Of(sequence));
        using var ticker = settings.Verbosity == Verbosity.Quiet ? null
            : new ClusterTicker(time, startedAt, stream, publisher, accounting, monitor, resources, output, TimeSpan.FromSeconds(command == "live" ? 5 : 1));
        session.StartClocks();
        resources.Start();
        ticker?.Start();
        publisher.Start();
        stream.StartStreaming();
        // No stop and no deadline: a stop ends the source, and every sequence it gave is queued or counted.
        await handOver.RunAsync(CancellationToken.None, CancellationToken.None);

        await DeliverAsync(publisher, cluster.ResultTimeout, time);
        var deliveredAt = time.GetUtcNow();
        // A sequence acknowledged just now gets its wait, its republish and its second wait; then the rest is counted.
        var wait = (cluster.ResultTimeout * 2) + SettleSlack;
        if (ledger.Outstanding is > 0 and var waiting && settings.Verbosity != Verbosity.Quiet)
        {
            output.WriteLine($"Source done and delivered: waiting up to {wait.TotalSeconds:0.#} s for the outcomes of {waiting} more sequence{(waiting == 1 ? "" : "s")} "
                             + $"(each published once more after {cluster.ResultTimeout.TotalSeconds:0.#} s without one, --result-timeout).");
        }

        using (var patience = new CancellationTokenSource(wait, time))
        {
            await ledger.WhenSettledAsync(patience.Token);
        }

        // Still queued (a republish while the broker is away): counted as shutdown; still awaited: no_result.
        using (var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10), time))
        {
            await publisher.StopAsync(stopping.Token);
        }

        ledger.Abandon();
        var tally = outcomes.Tally();
        if (tally.NoResult > 0)
        {
            error.WriteLine($"warning: {tally.NoResult} sequence{(tally.NoResult == 1 ? "" : "s")} got neither a result nor a drop notice within "
                            + $"{cluster.ResultTimeout.TotalSeconds:0.#} s (--result-timeout) of being published, nor of being published once more: counted as no_result.");
        }

        // The wait for outcomes that never came is no part of the run's throughput: it ends with its last result or drop notice.
        var endedAt = outcomes.LastOutcomeAt is { } last && last > deliveredAt ? last : deliveredAt;

        // After the wait: a sequence still on its way to the silo when the source ended is counted there by now.
        var siloAfter = siloBefore is null ? null : await ReadSiloDropsAsync(cluster, cameraKey, error, CancellationToken.None);

        ticker?.Dispose();
        var usage = resources.Stop();
        var info = stream.GetInfo();
        var stopReason = session.EndReason(info);
        if (settings.Plot is { } plot)
        {
            LatencyPlot.Save(plot, recorder.Timeline(), settings.Inference.TargetLatencyMs, settings.Inference.MaxLatencyMs,
                $"edgevision {command} --cluster: {cluster.Broker} {cluster.Site}/{cluster.Camera} on {settings.SourceText}");
        }

        var models = outcomes.Models;
        var report = new ClusterReport(cluster.Broker, cluster.Mqtt.UseTls, cluster.Site, cluster.Camera, identity.SequencesTopic, identity.ResultsTopic,
            identity.DropsTopic, PixelFormat.Jpeg.ToString(), tally.Published, accounting.Instruments.Republished, tally.Results, tally.SiloDropped,
            tally.SiloDropped.Values.Sum(), tally.NoResult, tally.PublisherDropped, tally.RepublishDropped, tally.Reconciled, accounting.OutcomesUnmatched,
            accounting.OutcomesRejected, cluster.ResultTimeout.TotalSeconds, control.Instruments.Applied, control.Instruments.Rejected,
            [.. models.Select(m => $"{m.Name} {m.Version}")], siloBefore is not null && siloAfter is not null ? SiloDropMetrics.Since(siloBefore, siloAfter) : null);
        var facts = new RunFacts(command, settings, ClusterModel.Describe(settings, shape, models), shape.Width, shape.Height, shape.SequenceLength,
            outcomes.LargestBatch, info, recorder, changes.All, usage, EnvironmentProbe.Describe("silo"), startedAt, endedAt, stopReason, settings.Plot, report);
        return ReportBuilder.Build(facts);
    }

    private static async Task<Dictionary<string, long>?> ReadSiloDropsAsync(ClusterSettings cluster, string cameraKey, TextWriter error,
        CancellationToken cancellationToken)
    {
        if (cluster.SiloMetrics.Count == 0)
        {
            return null;
        }

        var (drops, problem) = await SiloDropMetrics.ReadAsync(cluster.SiloMetrics, cameraKey, cancellationToken);
        if (problem is not null)
        {
            error.WriteLine($"warning: {problem}; the report will not compare the silos' drop counters with their drop notices.");
        }

        return drops;
    }

    /// <summary>
    /// Waits for the broker to acknowledge what is queued, at most <paramref name="wait"/> after the last progress (a broker
    /// that went away for good must not hang the run). The publisher keeps running: the ledger may still republish.
    /// </summary>
    private static async Task DeliverAsync(MqttSequencePublisher publisher, TimeSpan wait, TimeProvider time)
    {
        while (publisher.Pending > 0)
        {
            var before = publisher.Pending;
            using var quiet = new CancellationTokenSource(wait, time);
            await publisher.FlushAsync(quiet.Token);
            if (publisher.Pending >= before)
            {
                break;
            }
        }
    }
}

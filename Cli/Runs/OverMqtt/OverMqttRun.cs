using EdgeVision.Cli.Plotting;
using EdgeVision.Cli.Reports;
using EdgeVision.Cli.Runs.InProcess;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Control;
using EdgeVision.Edge.Encoding;
using EdgeVision.Edge.Publishing;
using EdgeVision.Edge.Streaming;
using EdgeVision.Inference.Monitoring;

namespace EdgeVision.Cli.Runs.OverMqtt;

/// <summary>
/// A benchmark or live run against a running EdgeVision system: the source and preprocessing run here exactly as in
/// <see cref="InProcessRun"/>, then each sequence goes the edge agent's way (<see cref="SequenceHandOver"/>: encoded, then
/// <see cref="MqttSequencePublisher"/> to <c>edgevision/{site}/{camera}/sequences</c>, QoS 1, bounded offline queue),
/// control messages from the silo change the stream through the agent's <see cref="ControlHandler"/>, and results come
/// back on the camera's results topic (<see cref="ResultSubscriber"/>), matched by sequence number in a
/// <see cref="ClusterLedger"/>. Every sequence ends as a result, a publisher drop, or <c>no_result</c> after
/// <c>--result-timeout</c>, so the report reconciles as a local one does.
/// </summary>
internal static class OverMqttRun
{
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

        ClusterLedger? ledger = null;
        await using var results = new ResultSubscriber(cluster, time, services.Logger<ResultSubscriber>(), (payload, at) => Volatile.Read(ref ledger)?.OnResultPayload(payload, at));
        await results.ConnectAsync(cancellationToken);

        var cameraKey = $"{cluster.Site}/{cluster.Camera}";
        var siloBefore = await ReadSiloDropsAsync(cluster, cameraKey, error, cancellationToken);
        var identity = new EdgeIdentity(cluster.Site, cluster.Camera, ClusterModel.Version)
        {
            Nominal = NominalSettings.Of(video),
        };
        await using var publisher = new MqttSequencePublisher(cluster.Mqtt, identity, new PublisherInstruments(services.Meters, cluster.Camera), time,
            services.Logger<MqttSequencePublisher>(), ClusterOptions.SwitchFor);
        await using var stream = new VideoStream(session.Source, video, services.Meters, new VideoStreamOptions { Camera = cluster.Camera }, time,
            services.Logger<VideoStream>());
        var control = new ControlHandler(stream, identity, new ControlInstruments(services.Meters, cluster.Camera), time, services.Logger<ControlHandler>());
        var handOver = new SequenceHandOver(stream, new SequenceEncoder(new SequenceEncoderOptions(), video), publisher, services.Logger<SequenceHandOver>());

        var recorder = new OutcomeRecorder();
        var monitor = new PerformanceMonitor(time);
        using var resources = new ResourceSampler(time, TimeSpan.FromSeconds(1));
        var startedAt = time.GetUtcNow();
        var run = new ClusterLedger(time, startedAt, recorder, monitor, observer);
        Volatile.Write(ref ledger, run);
        var changes = new AdaptiveChanges(time, startedAt, run);
        control.Applied += changes.OnApplied;
        publisher.ControlReceived += payload => control.Handle(payload);
        publisher.SequenceDropped += run.Dropped;
        handOver.Taken += sequence => run.Sent(SentSequence.Of(sequence));
        using var ticker = settings.Verbosity == Verbosity.Quiet ? null
            : new ClusterTicker(time, startedAt, stream, publisher, run, monitor, resources, output, TimeSpan.FromSeconds(command == "live" ? 5 : 1));
        session.StartClocks();
        resources.Start();
        ticker?.Start();
        publisher.Start();
        stream.StartStreaming();
        // No stop and no deadline: a stop ends the source, and every sequence it gave is queued or counted.
        await handOver.RunAsync(CancellationToken.None, CancellationToken.None);

        await DeliverAsync(publisher, cluster.ResultTimeout, time);
        var deliveredAt = time.GetUtcNow();
        if (run.Pending is > 0 and var waiting && settings.Verbosity != Verbosity.Quiet)
        {
            output.WriteLine($"Source done and delivered: waiting up to {cluster.ResultTimeout.TotalSeconds:0.#} s (--result-timeout) for {waiting} more result{(waiting == 1 ? "" : "s")}.");
        }

        var endedAt = deliveredAt;
        if (await AwaitResultsAsync(run, cluster.ResultTimeout, time) is > 0 and var missing)
        {
            // The wait for results that never came is no part of the run's throughput: it ends with its last outcome.
            endedAt = run.LastResultAt is { } last && last > deliveredAt ? last : deliveredAt;
            error.WriteLine($"warning: {missing} sequence{(missing == 1 ? "" : "s")} got no result within {cluster.ResultTimeout.TotalSeconds:0.#} s (--result-timeout): counted as no_result.");
        }
        else
        {
            endedAt = time.GetUtcNow();
        }

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

        var models = run.Models;
        var report = new ClusterReport(cluster.Broker, cluster.Mqtt.UseTls, cluster.Site, cluster.Camera, identity.SequencesTopic, results.Topic,
            PixelFormat.Jpeg.ToString(), publisher.Instruments.Published, recorder.Completed, run.Unmatched, run.Undecodable,
            cluster.ResultTimeout.TotalSeconds, control.Instruments.Applied, control.Instruments.Rejected, [.. models.Select(m => $"{m.Name} {m.Version}")],
            siloBefore is not null && siloAfter is not null ? SiloDropMetrics.Since(siloBefore, siloAfter) : null);
        var facts = new RunFacts(command, settings, ClusterModel.Describe(settings, shape, models), shape.Width, shape.Height, shape.SequenceLength,
            run.LargestBatch, info, recorder, changes.All, usage, EnvironmentProbe.Describe("silo"), startedAt, endedAt, stopReason, settings.Plot, report);
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
            error.WriteLine($"warning: {problem}; the report will not say why sequences got no result.");
        }

        return drops;
    }

    /// <summary>
    /// Waits for the broker to acknowledge what is queued, at most <paramref name="wait"/> after the last progress (a broker
    /// that went away for good must not hang the run); then stops the publisher, which counts what is left as shutdown.
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

        using var stopping = new CancellationTokenSource(TimeSpan.FromSeconds(10), time);
        await publisher.StopAsync(stopping.Token);
    }

    /// <summary>Waits up to <paramref name="timeout"/> for the results still missing; returns how many never came.</summary>
    private static async Task<int> AwaitResultsAsync(ClusterLedger ledger, TimeSpan timeout, TimeProvider time)
    {
        try
        {
            await ledger.WhenSettled.WaitAsync(timeout, time);
            return 0;
        }
        catch (TimeoutException)
        {
            return ledger.GiveUp(DropReason.NoResult);
        }
    }
}

using EdgeVision.Cli.Runs;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Edge.Sources;
using EdgeVision.Inference.Models;

namespace EdgeVision.Cli.Reports;

/// <summary>
/// Turns what a run observed into its report, reconciling frames (in = processed + dropped + unassembled) and
/// sequences (assembled = completed + dropped). Sequences never overlap in these runs, so a sequence carries
/// exactly <c>sequenceLength</c> frames of its own.
/// </summary>
internal static class ReportBuilder
{
    public static RunReport Build(RunFacts facts)
    {
        ArgumentNullException.ThrowIfNull(facts);
        var settings = facts.Settings;
        var length = facts.SequenceLength;
        var stream = facts.Stream;
        var outcomes = facts.Outcomes;
        var completed = outcomes.Completed;

        var sequenceDrops = DropReasons.All.ToDictionary(r => r.Tag(), outcomes.DroppedCount);
        var sequenceDropTotal = sequenceDrops.Values.Sum();
        var frameDrops = DropReasons.All.ToDictionary(r => r.Tag(), r => stream.DroppedByReason.GetValueOrDefault(r) + (outcomes.DroppedCount(r) * length));
        var frameDropTotal = frameDrops.Values.Sum();
        var processed = completed * length;
        var frames = new FrameCounts(stream.FramesCaptured, processed, frameDrops, frameDropTotal, stream.PendingFrames,
            stream.FramesCaptured == processed + frameDropTotal + stream.PendingFrames);
        var sequences = new SequenceCounts(stream.SequencesAssembled, completed, sequenceDrops, sequenceDropTotal,
            stream.SequencesAssembled == completed + sequenceDropTotal);

        var seconds = Math.Max((facts.EndedAt - facts.StartedAt).TotalSeconds, 1e-9);
        var batches = outcomes.Batches(facts.MaxBatchSize);
        var passes = batches.BySize.Sum(b => b.ForwardPasses);
        var throughput = new ThroughputReport(stream.FramesCaptured / seconds, processed / seconds, completed / seconds, passes / seconds);

        return new RunReport
        {
            Command = facts.Command,
            CommandLine = settings.CommandLine,
            StartedAt = facts.StartedAt,
            EndedAt = facts.EndedAt,
            DurationSeconds = seconds,
            StopReason = facts.StopReason,
            Source = new SourceReport(settings.SourceText, settings.Source.Kind.ToString().ToLowerInvariant(), stream.Source, stream.SourceFps,
                stream.SourceFrameSize?.Width, stream.SourceFrameSize?.Height, stream.SourceStatus.State.ToString(), stream.SourceStatus.Reason),
            Model = facts.Model,
            Settings = new SettingsReport(facts.Width, facts.Height, settings.Fps, length, Playback(settings), settings.Inference.TargetLatencyMs,
                settings.Inference.MaxLatencyMs, settings.Inference.TargetFps, settings.Inference.MaxBatchSize, settings.Inference.EnableBatching,
                settings.Inference.EnableFrameSkipping, settings.Inference.EnableAdaptiveResolution, settings.MaxFrames,
                settings.Duration?.TotalSeconds, facts.Environment.TorchThreads),
            Frames = frames,
            Sequences = sequences,
            Throughput = throughput,
            Latency = outcomes.Latency(),
            Accuracy = outcomes.Accuracy(),
            Batches = batches,
            AdaptiveChanges = facts.AdaptiveChanges,
            Resources = facts.Resources,
            Environment = facts.Environment,
            Plot = facts.Plot,
            Cluster = facts.Cluster,
        };
    }

    /// <summary>What the report says about a model this process resolved (its own, or the shipped one a silo serves).</summary>
    public static ModelReport Describe(ResolvedModel model, bool trained) =>
        new(model.Kind, model.Kind == VideoModelKinds.Hybrid ? model.Fusion.ToString().ToLowerInvariant() : null,
            trained ? model.CheckpointPath : null, model.Version, model.Config.NumClasses, model.Config.SequenceLength, model.Config.InputWidth,
            model.Config.InputHeight, model.Config.HiddenDim, model.Parameters);

    private static string Playback(RunSettings settings) =>
        settings.Source.Kind != FrameSourceKind.File ? "live"
        : settings.Unpaced ? "unpaced"
        : "source rate";
}

using EdgeVision.Cli.Reports;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Edge.Preprocessing;

namespace EdgeVision.Cli.Runs.OverMqtt;

/// <summary>
/// The silo's control messages, as applied by the edge's <see cref="Edge.Control.ControlHandler"/>, become the report's
/// adaptive changes (the batch size is the largest the results reported so far: the silo does not announce it).
/// </summary>
internal sealed class AdaptiveChanges(TimeProvider time, DateTimeOffset startedAt, ClusterOutcomes outcomes)
{
    private readonly Lock _gate = new();
    private readonly List<AdaptiveChange> _changes = [];

    public IReadOnlyList<AdaptiveChange> All
    {
        get
        {
            lock (_gate)
            {
                return [.. _changes];
            }
        }
    }

    public void OnApplied(ControlMessage message, StreamSettings settings, long firstSequence)
    {
        var change = new AdaptiveChange((time.GetUtcNow() - startedAt).TotalSeconds, outcomes.LargestBatch, settings.FrameSkip, settings.TargetWidth,
            settings.TargetHeight, $"silo: {message.Reason} (from sequence {firstSequence})", message.ExpectedAccuracy, message.Cause?.Tag());
        lock (_gate)
        {
            _changes.Add(change);
        }

        outcomes.Observe(change);
    }
}

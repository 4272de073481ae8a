using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.EdgeAgent;

/// <summary>
/// Where every assembled sequence is: published, dropped (by reason), or still on its way. Once the agent has
/// stopped, <see cref="InStream"/> and <see cref="Pending"/> are zero and <see cref="Unaccounted"/> must be zero.
/// </summary>
/// <param name="InStream">Assembled, not yet taken by the encoder.</param>
/// <param name="Pending">Encoded and waiting for, or awaiting, the broker's acknowledgement.</param>
public sealed record EdgeAgentStats(
    long FramesCaptured,
    long SequencesAssembled,
    long SequencesPublished,
    IReadOnlyDictionary<DropReason, long> SequencesDropped,
    int InStream,
    int Pending,
    bool BrokerConnected,
    long ControlApplied,
    long ControlRejected)
{
    public long TotalDropped => SequencesDropped.Values.Sum();

    /// <summary>Assembled minus everything accounted for; in motion a sequence being encoded shows here, at rest it is 0.</summary>
    public long Unaccounted => SequencesAssembled - SequencesPublished - TotalDropped - InStream - Pending;
}

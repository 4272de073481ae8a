namespace EdgeVision.Edge.Accountability;

/// <summary>What settled a sequence in the <see cref="SequenceLedger"/>.</summary>
public enum SettledBy
{
    /// <summary>Its result.</summary>
    Result,

    /// <summary>A silo's drop notice, under the notice's reason (<c>stale</c>, <c>overload</c>, <c>invalid</c>, <c>lost</c>, ...).</summary>
    SiloDrop,

    /// <summary>The edge's own drop: the publisher will never publish it (offline queue full, refused by the broker, shutdown, not encodable).</summary>
    PublisherDrop,

    /// <summary>No outcome in time after one republish, or none when the ledger stopped waiting or made room: <c>no_result</c>.</summary>
    NoResult,
}

namespace EdgeVision.Contracts.Telemetry;

/// <summary>
/// Why a frame or sequence ended without a result. Every drop anywhere in EdgeVision is counted under
/// exactly one of these; <see cref="DropReasons.Tag"/> gives the metric tag value.
/// </summary>
public enum DropReason
{
    /// <summary>The capture buffer was full: the oldest frame made room for a new one.</summary>
    SourceOverrun,

    /// <summary>The source delivered faster than the configured frame rate.</summary>
    FpsLimit,

    /// <summary>Skipped by the frame-skip setting (configured or set by the latency controller).</summary>
    FrameSkip,

    /// <summary>The broker was away and the bounded offline queue was full.</summary>
    OfflineQueueFull,

    /// <summary>Older than the maximum latency by the time it could be processed.</summary>
    Stale,

    /// <summary>Pending work was at its bound and the drop policy chose this one.</summary>
    Overload,

    /// <summary>Malformed or inconsistent input, rejected by a decoder or validator.</summary>
    Invalid,

    /// <summary>
    /// Published to a running system and no outcome (neither a result nor a silo's drop notice) came back in time, even
    /// after one republish: lost on the way or with a silo that failed before it told anyone (the edge's ledger, and
    /// <c>edgevision benchmark --cluster</c>).
    /// </summary>
    NoResult,

    /// <summary>Still undelivered (in the stream, encoding or the publisher's queue) when the agent's shutdown deadline passed.</summary>
    Shutdown,

    /// <summary>
    /// Accepted by a silo (its MQTT message acknowledged) that failed before the sequence finished; counted when the
    /// camera's grain is activated again, on another silo, from the grain's durable record of pending sequences.
    /// </summary>
    Lost,
}

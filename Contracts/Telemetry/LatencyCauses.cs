namespace EdgeVision.Contracts.Telemetry;

public static class LatencyCauses
{
    /// <summary>All causes, in declaration order.</summary>
    public static IReadOnlyList<LatencyCause> All { get; } = Enum.GetValues<LatencyCause>();

    /// <summary>The value used in JSON, as the <c>cause</c> metric tag and in log lines, e.g. <c>transport-bound</c>.</summary>
    public static string Tag(this LatencyCause cause) => cause switch
    {
        LatencyCause.WithinTarget => "within-target",
        LatencyCause.Overload => "overload",
        LatencyCause.EdgeBound => "edge-bound",
        LatencyCause.TransportBound => "transport-bound",
        LatencyCause.IngestBound => "ingest-bound",
        LatencyCause.DecodeBound => "decode-bound",
        LatencyCause.QueueBound => "queue-bound",
        LatencyCause.ForwardBound => "forward-bound",
        LatencyCause.SchedulingBound => "scheduling-bound",
        LatencyCause.Unattributed => "unattributed",
        _ => throw new ArgumentOutOfRangeException(nameof(cause), cause, "Unknown latency cause."),
    };
}

namespace EdgeVision.Contracts.Telemetry;

public static class LatencyParts
{
    /// <summary>All parts, in the order a sequence goes through them.</summary>
    public static IReadOnlyList<LatencyPart> All { get; } = Enum.GetValues<LatencyPart>();

    /// <summary>The lower-case value used as the <c>part</c> tag on the latency histograms and in reports.</summary>
    public static string Tag(this LatencyPart part) => part switch
    {
        LatencyPart.Edge => "edge",
        LatencyPart.Transport => "transport",
        LatencyPart.Ingest => "ingest",
        LatencyPart.Decode => "decode",
        LatencyPart.Queue => "queue",
        LatencyPart.Forward => "forward",
        LatencyPart.Other => "other",
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "Unknown latency part."),
    };

    /// <summary>The cause named after a part: the part that breaks the budget.</summary>
    public static LatencyCause Cause(this LatencyPart part) => part switch
    {
        LatencyPart.Edge => LatencyCause.EdgeBound,
        LatencyPart.Transport => LatencyCause.TransportBound,
        LatencyPart.Ingest => LatencyCause.IngestBound,
        LatencyPart.Decode => LatencyCause.DecodeBound,
        LatencyPart.Queue => LatencyCause.QueueBound,
        LatencyPart.Forward => LatencyCause.ForwardBound,
        LatencyPart.Other => LatencyCause.SchedulingBound,
        _ => throw new ArgumentOutOfRangeException(nameof(part), part, "Unknown latency part."),
    };
}

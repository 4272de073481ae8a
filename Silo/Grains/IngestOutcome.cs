using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Silo.Grains;

/// <summary>What the camera grain did with one sequence.</summary>
[GenerateSerializer, Immutable, Alias("edgevision.IngestOutcome")]
internal sealed record IngestOutcome(
    [property: Id(0)] IngestStatus Status,
    [property: Id(1)] DropReason? DropReason = null,
    [property: Id(2)] string? Detail = null)
{
    public static IngestOutcome Accepted { get; } = new(IngestStatus.Accepted);

    public static IngestOutcome Duplicate { get; } = new(IngestStatus.Duplicate);

    public static IngestOutcome Dropped(DropReason reason, string detail) => new(IngestStatus.Dropped, reason, detail);
}

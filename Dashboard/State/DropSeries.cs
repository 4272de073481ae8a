namespace EdgeVision.Dashboard.State;

/// <summary>One drop reason's column of a camera's charts: sequences dropped for it in each bucket, oldest first.</summary>
/// <param name="Reason">The reason's tag, as on the drop notices and the drop counters (<c>stale</c>, <c>overload</c>, ...).</param>
/// <param name="Sequences">Sequences dropped in each bucket, aligned with <see cref="CameraTimelineSnapshot.Time"/>.</param>
public sealed record DropSeries(string Reason, IReadOnlyList<int> Sequences);

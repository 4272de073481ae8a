namespace EdgeVision.Dashboard.State;

/// <summary>Sequences dropped for one reason (its tag, e.g. <c>stale</c>).</summary>
public sealed record DropCount(string Reason, int Sequences);

namespace EdgeVision.Edge.Accountability;

/// <summary>
/// How long the edge waits for a published sequence's outcome and how much it keeps meanwhile (the agent sets these from
/// <c>Edge:ResultTimeoutSeconds</c>, <c>Edge:RetainForRepublish</c> and <c>Edge:MaxOutstandingSequences</c>).
/// </summary>
/// <param name="ResultTimeout">Wait for an outcome after the broker acknowledged the sequence; once more after the republish.</param>
/// <param name="RetainForRepublish">The latest sequences whose bytes are kept for the one republish (0: never republish).</param>
/// <param name="MaxOutstanding">Identities kept at most; beyond it the oldest is counted as <c>no_result</c> at once.</param>
public sealed record SequenceLedgerSettings(TimeSpan ResultTimeout, int RetainForRepublish, int MaxOutstanding)
{
    public static SequenceLedgerSettings Default { get; } = new(TimeSpan.FromSeconds(30), 64, 10_000);
}

namespace EdgeVision.Edge.Sources;

/// <summary>A source's state with the reason it entered it (null while nothing needs explaining).</summary>
/// <param name="Attempt">Reconnect attempt in progress (0 before the first reconnect).</param>
public sealed record SourceStatus(SourceState State, string? Reason = null, int Attempt = 0)
{
    public static SourceStatus Initial { get; } = new(SourceState.Connecting);

    public bool IsFinal => State is SourceState.Ended or SourceState.Failed;

    public override string ToString() => Reason is null ? State.ToString() : $"{State}: {Reason}";
}

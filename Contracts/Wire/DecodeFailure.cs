namespace EdgeVision.Contracts.Wire;

/// <summary>A rejected payload: a bounded <see cref="Reason"/> to count and a message for the log.</summary>
public sealed record DecodeFailure(DecodeFailureReason Reason, string Message)
{
    public override string ToString() => $"{Reason}: {Message}";
}

namespace EdgeVision.Dashboard.Mqtt;

/// <summary>A rejected message: its topic (truncated), the reason tag and the decoder's explanation.</summary>
public sealed record RejectionSnapshot(string Topic, string Reason, string Detail, DateTimeOffset At);

namespace EdgeVision.Dashboard.Mqtt;

/// <summary>Messages accepted per kind and rejected since the dashboard started, and the last rejection.</summary>
public sealed record MessageStatsSnapshot(long Results, long Statuses, long Controls, long Rejected, RejectionSnapshot? LastRejection, long LatencyReports = 0, long Previews = 0, long SiloStatuses = 0, long Drops = 0);

using EdgeVision.Dashboard.Mqtt;

namespace EdgeVision.Dashboard.State;

/// <summary>Takes one consistent-enough picture of the store, the broker link and the message totals.</summary>
public sealed class DashboardSnapshotSource(CameraStore store, BrokerConnectionState connection, MessageStats stats, TimeProvider time)
{
    public DashboardSnapshot Take() => new(time.GetUtcNow(), connection.Snapshot(), stats.Snapshot(), store.Snapshot());
}

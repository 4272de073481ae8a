using EdgeVision.Dashboard.Mqtt;

namespace EdgeVision.Dashboard.State;

/// <summary>What <c>/api/cameras</c> returns and the page renders: the dashboard's own health, then every camera.</summary>
public sealed record DashboardSnapshot(
    DateTimeOffset GeneratedAt,
    BrokerConnectionSnapshot Broker,
    MessageStatsSnapshot Messages,
    IReadOnlyList<CameraSnapshot> Cameras);

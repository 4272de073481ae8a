using EdgeVision.Mqtt;

namespace EdgeVision.Dashboard;

/// <summary>
/// The dashboard (<c>Dashboard</c> section): where the MQTT broker is, how much history to keep per camera and how the
/// page refreshes. Validated at start by <see cref="DashboardOptionsValidator"/>.
/// </summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>
    /// The broker (<c>Dashboard:Mqtt</c>: host, a <c>Subscriber</c> account when it has users, TLS, reconnect delays);
    /// the client id defaults to <c>edgevision-dashboard-{random}</c>, so two dashboards never evict each other.
    /// </summary>
    public MqttConnectionOptions Mqtt { get; set; } = new();

    /// <summary>Results kept per camera; p50/p95 latency are computed over them.</summary>
    public int HistorySize { get; set; } = 50;

    /// <summary>Cameras tracked at most; messages of further cameras are rejected and counted (<c>camera_limit</c>).</summary>
    public int MaxCameras { get; set; } = 256;

    /// <summary>Window over which results per second are measured.</summary>
    public double RateWindowSeconds { get; set; } = 10;

    /// <summary>An online camera without a result for this long is shown as stalled.</summary>
    public double StaleAfterSeconds { get; set; } = 10;

    /// <summary>
    /// Seconds of history each camera's charts show (in 5 s buckets); memory per camera grows with it (about 70 KB at
    /// the default 600).
    /// </summary>
    public int ChartWindowSeconds { get; set; } = 600;

    /// <summary>How often the page fetches fresh cards.</summary>
    public int RefreshIntervalMs { get; set; } = 1000;

    /// <summary>Largest accepted payload in bytes; results, status and control messages are a few hundred bytes.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;
}

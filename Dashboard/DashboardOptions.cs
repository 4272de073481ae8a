namespace EdgeVision.Dashboard;

/// <summary>
/// The dashboard (<c>Dashboard</c> section): where the MQTT broker is, how much history to keep per camera and how the
/// page refreshes. Validated at start by <see cref="DashboardOptionsValidator"/>.
/// </summary>
public sealed class DashboardOptions
{
    public const string SectionName = "Dashboard";

    /// <summary>Broker host name or address.</summary>
    public string BrokerHost { get; set; } = "127.0.0.1";

    public int BrokerPort { get; set; } = 1883;

    /// <summary>A <c>Subscriber</c> account when the broker has users; empty for an anonymous broker.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>MQTT client id; empty for <c>edgevision-dashboard-{random}</c>, so two dashboards never evict each other.</summary>
    public string? ClientId { get; set; }

    /// <summary>Results kept per camera; p50/p95 latency are computed over them.</summary>
    public int HistorySize { get; set; } = 50;

    /// <summary>Cameras tracked at most; messages of further cameras are rejected and counted (<c>camera_limit</c>).</summary>
    public int MaxCameras { get; set; } = 256;

    /// <summary>Window over which results per second are measured.</summary>
    public double RateWindowSeconds { get; set; } = 10;

    /// <summary>An online camera without a result for this long is shown as stalled.</summary>
    public double StaleAfterSeconds { get; set; } = 10;

    /// <summary>How often the page fetches fresh cards.</summary>
    public int RefreshIntervalMs { get; set; } = 1000;

    /// <summary>First reconnect delay; doubles per failed attempt up to <see cref="ReconnectMaxDelaySeconds"/>, with ±20% jitter.</summary>
    public double ReconnectMinDelaySeconds { get; set; } = 0.5;

    public double ReconnectMaxDelaySeconds { get; set; } = 30;

    /// <summary>Largest accepted payload in bytes; results, status and control messages are a few hundred bytes.</summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;
}

using EdgeVision.Contracts.Configuration;
using EdgeVision.Mqtt;

namespace EdgeVision.Dashboard;

/// <summary>
/// The dashboard (<c>Dashboard</c> section): where the MQTT broker is, how much history to keep per camera and how the
/// page refreshes. Validated at start by <see cref="Validate"/>.
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
    /// Seconds of history each camera's charts show (in 5 s buckets); memory per camera grows with it (about 75 KB at
    /// the default 600).
    /// </summary>
    public int ChartWindowSeconds { get; set; } = 600;

    /// <summary>How often the page fetches fresh cards, in seconds.</summary>
    public double RefreshIntervalSeconds { get; set; } = 1;

    /// <summary><see cref="RefreshIntervalSeconds"/> as the pages' scripts take it, in milliseconds (not a setting).</summary>
    public int RefreshIntervalMilliseconds => (int)Math.Round(RefreshIntervalSeconds * 1000);

    /// <summary>
    /// Largest accepted payload in bytes but previews'; results, status and control messages are a few hundred bytes, a silo's
    /// status about 120 bytes per camera it serves.
    /// </summary>
    public int MaxMessageBytes { get; set; } = 64 * 1024;

    /// <summary>Largest accepted preview (a camera's JPEG thumbnail on <c>edgevision/{site}/{camera}/preview</c>) in bytes.</summary>
    public int MaxPreviewBytes { get; set; } = 256 * 1024;

    /// <summary>Silos tracked at most (their statuses on <c>edgevision/_silos/{siloId}</c>); further ones are rejected and counted (<c>silo_limit</c>).</summary>
    public int MaxSilos { get; set; } = 64;

    /// <summary>Every problem with these options, each naming its key under <paramref name="section"/>.</summary>
    public IReadOnlyList<string> Validate(string section = SectionName)
    {
        var errors = new ValidationErrors(section);
        errors.Range(nameof(HistorySize), HistorySize, 1, 10_000);
        errors.Range(nameof(MaxCameras), MaxCameras, 1, 100_000);
        errors.Range(nameof(RateWindowSeconds), RateWindowSeconds, 1, 3600);
        errors.Range(nameof(StaleAfterSeconds), StaleAfterSeconds, 1, 86_400);
        errors.Range(nameof(ChartWindowSeconds), ChartWindowSeconds, 60, 3600);
        errors.Range(nameof(RefreshIntervalSeconds), RefreshIntervalSeconds, 0.1, 60);
        errors.Range(nameof(MaxMessageBytes), MaxMessageBytes, 1024, 16 * 1024 * 1024);
        errors.Range(nameof(MaxPreviewBytes), MaxPreviewBytes, 1024, 16 * 1024 * 1024);
        errors.Range(nameof(MaxSilos), MaxSilos, 1, 10_000);
        return [.. Mqtt.Validate(errors.Key(nameof(Mqtt))), .. errors.Errors];
    }
}

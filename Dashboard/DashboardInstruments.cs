using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace EdgeVision.Dashboard;

/// <summary>The dashboard's metrics (meter <c>EdgeVision.Dashboard</c>). Tags are bounded: topic kind, reason, outcome.</summary>
public sealed class DashboardInstruments
{
    public const string MeterName = "EdgeVision.Dashboard";

    public const string MessagesName = "edgevision.dashboard.messages";
    public const string RejectedName = "edgevision.dashboard.messages.rejected";
    public const string CamerasName = "edgevision.dashboard.cameras";
    public const string ConnectAttemptsName = "edgevision.dashboard.broker.connect_attempts";

    private readonly Counter<long> _messages;
    private readonly Counter<long> _rejected;
    private readonly UpDownCounter<long> _cameras;
    private readonly Counter<long> _connectAttempts;

    public DashboardInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _messages = meter.CreateCounter<long>(MessagesName, "{message}", "MQTT messages the dashboard accepted, by topic kind.");
        _rejected = meter.CreateCounter<long>(RejectedName, "{message}", "MQTT messages the dashboard rejected, by topic kind and reason.");
        _cameras = meter.CreateUpDownCounter<long>(CamerasName, "{camera}", "Cameras the dashboard tracks.");
        _connectAttempts = meter.CreateCounter<long>(ConnectAttemptsName, "{attempt}", "Connections to the broker attempted, by outcome.");
    }

    public void Accepted(string kind) => _messages.Add(1, new KeyValuePair<string, object?>("kind", kind));

    public void Rejected(string kind, string reason) => _rejected.Add(1, new TagList { { "kind", kind }, { "reason", reason } });

    public void CameraAdded() => _cameras.Add(1);

    public void ConnectAttempt(bool succeeded) =>
        _connectAttempts.Add(1, new KeyValuePair<string, object?>("outcome", succeeded ? "success" : "failure"));
}

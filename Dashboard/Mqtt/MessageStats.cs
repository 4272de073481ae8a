namespace EdgeVision.Dashboard.Mqtt;

/// <summary>Running totals of what the subscriber received, for the page's health section.</summary>
public sealed class MessageStats
{
    private readonly Lock _gate = new();
    private long _results;
    private long _statuses;
    private long _controls;
    private long _latencyReports;
    private long _previews;
    private long _drops;
    private long _siloStatuses;
    private long _rejected;
    private RejectionSnapshot? _lastRejection;

    /// <summary>The <c>kind</c> tag of silo status messages.</summary>
    public const string SiloStatusKind = "silo_status";

    public void Accepted(string kind)
    {
        lock (_gate)
        {
            switch (kind)
            {
                case "results": _results++; break;
                case "status": _statuses++; break;
                case "control": _controls++; break;
                case "latency": _latencyReports++; break;
                case "preview": _previews++; break;
                case "drops": _drops++; break;
                case SiloStatusKind: _siloStatuses++; break;
            }
        }
    }

    public void Rejected(string topic, string reason, string detail, DateTimeOffset at)
    {
        lock (_gate)
        {
            _rejected++;
            _lastRejection = new RejectionSnapshot(topic, reason, detail, at);
        }
    }

    public MessageStatsSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new MessageStatsSnapshot(_results, _statuses, _controls, _rejected, _lastRejection, _latencyReports, _previews, _siloStatuses, _drops);
        }
    }
}

using EdgeVision.Mqtt;
using Microsoft.Extensions.Options;

namespace EdgeVision.Dashboard.Mqtt;

/// <summary>What <see cref="DashboardSubscriber"/> knows about its connection; read by the page and the health check.</summary>
public sealed class BrokerConnectionState(IOptions<DashboardOptions> options)
{
    private readonly Lock _gate = new();
    private readonly string _endpoint = BrokerAddress.Format(options.Value.Mqtt.Host, options.Value.Mqtt.Port);
    private readonly string? _username = string.IsNullOrEmpty(options.Value.Mqtt.Username) ? null : options.Value.Mqtt.Username;
    private BrokerConnectionSnapshot? _current;

    public BrokerConnectionSnapshot Snapshot()
    {
        lock (_gate)
        {
            return Current();
        }
    }

    internal void Connected(DateTimeOffset at, IReadOnlyList<SubscriptionSnapshot> subscriptions)
    {
        lock (_gate)
        {
            _current = new BrokerConnectionSnapshot(_endpoint, _username, true, at, 0, null, null, subscriptions);
        }
    }

    internal void Lost(DateTimeOffset at, string reason)
    {
        lock (_gate)
        {
            var previous = Current();
            if (previous.Connected)
            {
                _current = previous with { Connected = false, Since = at, LastError = reason, Subscriptions = [] };
            }
        }
    }

    internal void Failed(DateTimeOffset at, int failedAttempts, string error, DateTimeOffset nextAttemptAt)
    {
        lock (_gate)
        {
            var previous = Current();
            _current = previous with
            {
                Connected = false,
                Since = previous.Connected || previous.Since is null ? at : previous.Since,
                FailedAttempts = failedAttempts,
                LastError = error,
                NextAttemptAt = nextAttemptAt,
                Subscriptions = [],
            };
        }
    }

    private BrokerConnectionSnapshot Current() =>
        _current ??= new BrokerConnectionSnapshot(_endpoint, _username, false, null, 0, null, null, []);
}

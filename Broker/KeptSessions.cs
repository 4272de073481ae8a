using MQTTnet.Formatter;

namespace EdgeVision.Broker;

/// <summary>
/// When each session kept for an absent client ends. MQTTnet keeps the session of a client that asked for one (MQTT 5:
/// a session expiry interval; MQTT 3.1.1: clean session off) but checks the expiry only when the same client id
/// connects again, and an MQTT 3.1.1 session never expires; so a client that never comes back would hold its
/// subscriptions, and a queue filling up to <see cref="BrokerOptions.MaxPendingMessagesPerClient"/>, for the life of
/// the broker. Here every kept session ends after the client's interval or
/// <see cref="BrokerOptions.MaxSessionExpirySeconds"/>, whichever is shorter. Pure bookkeeping on explicit instants; the
/// broker feeds it MQTTnet's events and ends what <see cref="TakeExpired"/> returns.
/// </summary>
internal sealed class KeptSessions(TimeSpan maxExpiry)
{
    private readonly Lock _gate = new();

    // Client id -> how long its session outlives a disconnect, as asked at connect (zero: not kept).
    private readonly Dictionary<string, TimeSpan> _asked = new(StringComparer.Ordinal);

    // Client id -> when the session of that absent client ends.
    private readonly Dictionary<string, DateTimeOffset> _deadlines = new(StringComparer.Ordinal);

    /// <summary>Sessions held now for clients that are away.</summary>
    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _deadlines.Count;
            }
        }
    }

    /// <summary>A client was let in with these connect flags (MQTTnet's rule for what it keeps, capped at the broker's maximum).</summary>
    public void Connecting(string clientId, MqttProtocolVersion version, bool cleanSession, uint expiryInterval)
    {
        var asked = version switch
        {
            MqttProtocolVersion.V500 => expiryInterval == uint.MaxValue ? maxExpiry : Min(TimeSpan.FromSeconds(expiryInterval), maxExpiry),
            // MQTT 3.1.1 keeps a session without clean session, with no expiry of its own.
            MqttProtocolVersion.V311 => cleanSession ? TimeSpan.Zero : maxExpiry,
            // MQTTnet keeps every MQTT 3.1 session.
            _ => maxExpiry,
        };
        lock (_gate)
        {
            _asked[clientId] = asked;
        }
    }

    /// <summary>The client is connected: its session, if one was kept, is in use again. True when one was.</summary>
    public bool Connected(string clientId)
    {
        lock (_gate)
        {
            return _deadlines.Remove(clientId);
        }
    }

    /// <summary>
    /// The client went away (not taken over by a new connection). True when its session is kept from
    /// <paramref name="now"/> on; <paramref name="disconnectExpiryInterval"/> is MQTT 5's interval in the DISCONNECT
    /// packet, 0 when absent (MQTTnet reads it the same way).
    /// </summary>
    public bool Disconnected(string clientId, uint disconnectExpiryInterval, DateTimeOffset now)
    {
        lock (_gate)
        {
            if (!_asked.TryGetValue(clientId, out var asked))
            {
                return false;
            }

            if (disconnectExpiryInterval > 0)
            {
                asked = disconnectExpiryInterval == uint.MaxValue ? maxExpiry : Min(TimeSpan.FromSeconds(disconnectExpiryInterval), maxExpiry);
            }

            if (asked <= TimeSpan.Zero)
            {
                return false;
            }

            _deadlines[clientId] = now + asked;
            return true;
        }
    }

    /// <summary>Removes and returns the clients whose kept session ends at or before <paramref name="now"/>.</summary>
    public IReadOnlyList<string> TakeExpired(DateTimeOffset now)
    {
        lock (_gate)
        {
            var expired = _deadlines.Where(entry => entry.Value <= now).Select(entry => entry.Key).ToList();
            foreach (var clientId in expired)
            {
                _deadlines.Remove(clientId);
            }

            return expired;
        }
    }

    /// <summary>The session is gone (deleted by MQTTnet or by the broker): forget the client. True when it was still counted as kept.</summary>
    public bool Forget(string clientId)
    {
        lock (_gate)
        {
            _asked.Remove(clientId);
            return _deadlines.Remove(clientId);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

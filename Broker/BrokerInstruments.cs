using System.Diagnostics.Metrics;

namespace EdgeVision.Broker;

/// <summary>The broker's metrics (meter <c>EdgeVision.Broker</c>). Tags are bounded: role, direction, topic kind, reason.</summary>
internal sealed class BrokerInstruments
{
    public const string MeterName = "EdgeVision.Broker";

    public const string ConnectionsName = "edgevision.broker.connections";
    public const string MessagesName = "edgevision.broker.messages";
    public const string BytesName = "edgevision.broker.bytes";
    public const string RejectionsName = "edgevision.broker.rejections";
    public const string DroppedName = "edgevision.broker.messages.dropped";
    public const string KeptSessionsName = "edgevision.broker.sessions.kept";

    public const string DirectionIn = "in";
    public const string DirectionOut = "out";

    public const string ReasonBadCredentials = "bad_credentials";
    public const string ReasonClientIdInUse = "client_id_in_use";
    public const string ReasonPublishDenied = "publish_denied";
    public const string ReasonSubscribeDenied = "subscribe_denied";
    public const string ReasonMessageTooLarge = "message_too_large";
    public const string ReasonClientIdInvalid = "client_id_invalid";

    /// <summary>Refused in the TLS handshake: no client certificate, or one the configured client CA did not sign.</summary>
    public const string ReasonClientCertificate = "client_certificate";

    /// <summary>Dropped: the receiving client's queue already held <see cref="BrokerOptions.MaxPendingMessagesPerClient"/> messages.</summary>
    public const string ReasonQueueFull = "queue_full";

    /// <summary>Dropped: still queued when the session of an absent client expired.</summary>
    public const string ReasonSessionExpired = "session_expired";

    /// <summary>The kind tag of messages dropped with an expired session: the broker does not see their topics.</summary>
    public const string KindUnknown = "unknown";

    private readonly UpDownCounter<long> _connections;
    private readonly Counter<long> _messages;
    private readonly Counter<long> _bytes;
    private readonly Counter<long> _rejections;
    private readonly Counter<long> _dropped;
    private readonly UpDownCounter<long> _keptSessions;

    public BrokerInstruments(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(MeterName);
        _connections = meter.CreateUpDownCounter<long>(ConnectionsName, "{connection}", "MQTT clients connected now.");
        _messages = meter.CreateCounter<long>(MessagesName, "{message}", "Application messages received from publishers (in) and queued to subscribers (out).");
        _bytes = meter.CreateCounter<long>(BytesName, "By", "Payload bytes received from publishers (in) and queued to subscribers (out).");
        _rejections = meter.CreateCounter<long>(RejectionsName, "{rejection}", "Connections, publishes and subscriptions the broker refused.");
        _dropped = meter.CreateCounter<long>(DroppedName, "{message}", "Messages for a subscriber that the broker dropped: its queue was full, or its absent client's session expired.");
        _keptSessions = meter.CreateUpDownCounter<long>(KeptSessionsName, "{session}", "Sessions kept for clients that are away (MQTT 5 session expiry, MQTT 3.1.1 clean session off).");
    }

    public void Connected(string role) => _connections.Add(1, new KeyValuePair<string, object?>("role", role));

    public void Disconnected(string role) => _connections.Add(-1, new KeyValuePair<string, object?>("role", role));

    public void Message(string direction, string kind, long payloadBytes)
    {
        var tags = new System.Diagnostics.TagList { { "direction", direction }, { "kind", kind } };
        _messages.Add(1, tags);
        _bytes.Add(payloadBytes, tags);
    }

    public void Rejected(string reason) => _rejections.Add(1, new KeyValuePair<string, object?>("reason", reason));

    public void Dropped(string kind, string reason, long count = 1) =>
        _dropped.Add(count, new KeyValuePair<string, object?>("kind", kind), new KeyValuePair<string, object?>("reason", reason));

    public void SessionKept() => _keptSessions.Add(1);

    public void SessionResumedOrEnded() => _keptSessions.Add(-1);
}

namespace EdgeVision.Broker;

/// <summary>The embedded broker (<c>Broker</c> section). Validated by <see cref="BrokerOptionsValidator"/>.</summary>
public sealed class BrokerOptions
{
    public const string SectionName = "Broker";

    /// <summary>MQTT's own limit: the remaining length of a packet fits in four bytes of variable-length integer.</summary>
    public const int MqttMaxPacketSize = 268_435_455;

    /// <summary>Upper bound of <see cref="MaxSessionExpirySeconds"/>: 30 days.</summary>
    public const int MaxSessionExpiryLimitSeconds = 30 * 24 * 3600;

    /// <summary>
    /// IPv4 or IPv6 address to listen on. Loopback by default so a local run is not reachable from the network;
    /// containers set <c>0.0.0.0</c>.
    /// </summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (tests), readable from <see cref="MqttBrokerService.LocalEndPoint"/>.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>
    /// Messages queued for one subscriber, connected and slow or away with a kept session; further messages to it are
    /// dropped, counted (<c>edgevision.broker.messages.dropped</c>, reason <c>queue_full</c>) and logged. The newest
    /// are the ones dropped: MQTTnet's drop-oldest strategy leaves each QoS 1 message it drops in the session's
    /// unacknowledged list, which then grows without bound and is sent again when the client resumes the session.
    /// </summary>
    public int MaxPendingMessagesPerClient { get; set; } = 1000;

    /// <summary>
    /// Longest a session is kept for a client that is away, whatever it asked for (MQTT 5 session expiry, or an MQTT
    /// 3.1.1 client without clean session, whose session has no expiry of its own). A silo that restarts within it
    /// resumes its session and gets what was queued for it meanwhile.
    /// </summary>
    public int MaxSessionExpirySeconds { get; set; } = 3600;

    /// <summary>
    /// Largest accepted payload in bytes. Sequences are ~300 KB (16 JPEG frames); the default leaves room for raw
    /// RGB24 sequences of small frames.
    /// </summary>
    public int MaxMessageSize { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// MQTT accounts. Empty: anonymous local mode, every client may do anything. Otherwise every client must log in
    /// with one of these and the topic ACL applies.
    /// </summary>
    public List<BrokerUser> Users { get; set; } = [];
}

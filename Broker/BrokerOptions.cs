namespace EdgeVision.Broker;

/// <summary>The embedded broker (<c>Broker</c> section). Validated by <see cref="BrokerOptionsValidator"/>.</summary>
public sealed class BrokerOptions
{
    public const string SectionName = "Broker";

    /// <summary>MQTT's own limit: the remaining length of a packet fits in four bytes of variable-length integer.</summary>
    public const int MqttMaxPacketSize = 268_435_455;

    /// <summary>
    /// IPv4 or IPv6 address to listen on. Loopback by default so a local run is not reachable from the network;
    /// containers set <c>0.0.0.0</c>.
    /// </summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>TCP port; 0 picks a free one (tests), readable from <see cref="MqttBrokerService.LocalEndPoint"/>.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Messages queued for one slow subscriber before the oldest is dropped.</summary>
    public int MaxPendingMessagesPerClient { get; set; } = 1000;

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

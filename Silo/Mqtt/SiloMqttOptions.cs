namespace EdgeVision.Silo.Mqtt;

/// <summary>
/// How the silo reaches the MQTT broker (<c>Silo:Mqtt</c> section). Validated by <see cref="SiloMqttOptionsValidator"/>.
/// </summary>
public sealed class SiloMqttOptions
{
    public const string SectionName = "Silo:Mqtt";

    /// <summary>MQTTnet's default socket buffers are 8 KB; sequences are ~300 KB (see ARCHITECTURE.md).</summary>
    public const int DefaultBufferSize = 1024 * 1024;

    /// <summary>Broker host name or address.</summary>
    public string Host { get; set; } = "127.0.0.1";

    /// <summary>Broker TCP port.</summary>
    public int Port { get; set; } = 1883;

    /// <summary>Account name when the broker requires one (a <c>Silo</c> role account); empty for anonymous brokers.</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>
    /// Client id prefix; the silo appends <c>-ingest</c> and <c>-publish</c>. Default: the machine name. It must be
    /// stable across restarts for the broker to keep the ingestion session (unacknowledged sequences) for it.
    /// </summary>
    public string? ClientId { get; set; }

    /// <summary>
    /// MQTT 5 shared subscription group. Empty: one silo takes every camera's sequences (<c>edgevision/+/+/sequences</c>).
    /// Set (e.g. <c>silos</c>) when several silos share the load: <c>$share/silos/edgevision/+/+/sequences</c>, so the
    /// broker gives each sequence to one of them. The embedded broker does not support shared subscriptions.
    /// </summary>
    public string? SharedSubscriptionGroup { get; set; }

    /// <summary>Only this site's cameras; empty for every site.</summary>
    public string? Site { get; set; }

    /// <summary>Socket send and receive buffer size in bytes.</summary>
    public int BufferSize { get; set; } = DefaultBufferSize;

    /// <summary>
    /// Sequences handed to camera grains at once. Each camera maps to one lane, so one camera's sequences reach its
    /// grain in the order received; lanes run in parallel.
    /// </summary>
    public int IngestionLanes { get; set; } = 8;

    /// <summary>Decoded sequences waiting in one lane; when full, the MQTT receive loop waits (backpressure).</summary>
    public int LaneCapacity { get; set; } = 16;

    /// <summary>The session expiry of a silo that takes every camera's sequences alone.</summary>
    public const int DefaultSessionExpirySeconds = 300;

    /// <summary>
    /// How long the broker keeps the ingestion session (its subscription and unacknowledged sequences) after a
    /// disconnect; 0 starts clean every time. Unset: <see cref="DefaultSessionExpirySeconds"/> for a lone subscriber,
    /// 0 with a <see cref="SharedSubscriptionGroup"/>. A shared subscription with a kept session is a trap: mosquitto
    /// (2.0, checked) goes on giving that session its share of the group's messages while the silo is down, and they
    /// wait there for the same client id to come back, or are discarded unseen when the session expires.
    /// </summary>
    public int? SessionExpirySeconds { get; set; }

    /// <summary><see cref="SessionExpirySeconds"/>, or its default for this subscription.</summary>
    public int EffectiveSessionExpirySeconds =>
        SessionExpirySeconds ?? (string.IsNullOrEmpty(SharedSubscriptionGroup) ? DefaultSessionExpirySeconds : 0);

    /// <summary>Results and control messages waiting for the broker; beyond it the oldest is dropped and counted.</summary>
    public int PublishQueueCapacity { get; set; } = 10_000;

    /// <summary>First reconnect delay; doubles per failed attempt up to <see cref="ReconnectMaxDelayMs"/>, each ±20% (jitter).</summary>
    public int ReconnectMinDelayMs { get; set; } = 250;

    public int ReconnectMaxDelayMs { get; set; } = 10_000;

    /// <summary>MQTT keep-alive in seconds.</summary>
    public int KeepAliveSeconds { get; set; } = 15;
}

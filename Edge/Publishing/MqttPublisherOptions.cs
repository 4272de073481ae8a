namespace EdgeVision.Edge.Publishing;

/// <summary>
/// How the edge agent reaches the MQTT broker (<c>Mqtt</c> section). Validated at start by
/// <see cref="MqttPublisherOptionsValidator"/>; <c>--broker host:port</c>, <c>--username</c> and <c>--password</c> set it
/// from the command line.
/// </summary>
public sealed class MqttPublisherOptions
{
    public const string SectionName = "Mqtt";

    /// <summary>MQTTnet's default is 8 KB, which makes 300 KB publishes crawl at ~8/s (ARCHITECTURE.md).</summary>
    public const int DefaultSocketBufferSize = 1024 * 1024;

    /// <summary>Broker host name or address.</summary>
    public string Host { get; set; } = "127.0.0.1";

    public int Port { get; set; } = 1883;

    /// <summary>Null for anonymous brokers (the embedded broker with no users).</summary>
    public string? Username { get; set; }

    public string? Password { get; set; }

    /// <summary>TLS to the broker (usually port 8883).</summary>
    public bool UseTls { get; set; }

    /// <summary>A PEM file with the CA that signed the broker's certificate, for private CAs; empty trusts the system store.</summary>
    public string? CaCertificatePath { get; set; }

    /// <summary>Accept any broker certificate (testing only: it gives up the protection TLS is for).</summary>
    public bool AllowUntrustedCertificates { get; set; }

    /// <summary>MQTT client id; empty for <c>edgevision-{site}-{camera}</c>, one per camera.</summary>
    public string? ClientId { get; set; }

    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>Sequences held while the broker is away; beyond it the oldest is dropped and counted (<c>offline_queue_full</c>).</summary>
    public int OfflineQueueCapacity { get; set; } = 256;

    /// <summary>Sequences published and not yet acknowledged at once (pipelining over one connection).</summary>
    public int MaxInFlight { get; set; } = 8;

    /// <summary>First reconnect delay; doubles per failed attempt up to <see cref="ReconnectMaxDelaySeconds"/>, with ±20% jitter.</summary>
    public double ReconnectMinDelaySeconds { get; set; } = 0.5;

    public double ReconnectMaxDelaySeconds { get; set; } = 30;

    /// <summary>How long one connect or publish may take before the connection is considered lost.</summary>
    public double OperationTimeoutSeconds { get; set; } = 10;

    /// <summary>TCP send and receive buffer size in bytes.</summary>
    public int SocketBufferSize { get; set; } = DefaultSocketBufferSize;
}

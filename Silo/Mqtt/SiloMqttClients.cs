using MQTTnet;
using MQTTnet.Formatter;

namespace EdgeVision.Silo.Mqtt;

/// <summary>Builds MQTTnet client options from <see cref="SiloMqttOptions"/>: MQTT 5, large socket buffers, credentials.</summary>
internal static class SiloMqttClientOptions
{
    /// <summary>
    /// The ingestion client (<c>{ClientId}-ingest</c>): it resumes its session (clean start off, session expiry
    /// <see cref="SiloMqttOptions.EffectiveSessionExpirySeconds"/>) unless that is 0, so sequences published while the silo
    /// restarts wait for it at the broker; the broker may have every lane's sequences in flight to it.
    /// </summary>
    public static MqttClientOptions ForIngestion(SiloMqttOptions options)
    {
        var inFlight = (ushort)Math.Min(ushort.MaxValue, options.IngestionLanes * (options.LaneCapacity + 1));
        return Build(options, "ingest", persistentSession: options.EffectiveSessionExpirySeconds > 0, inFlight);
    }

    /// <summary>The result and control publisher (<c>{ClientId}-publish</c>): a clean session; its own queue holds what waits.</summary>
    public static MqttClientOptions ForPublishing(SiloMqttOptions options) => Build(options, "publish", persistentSession: false);

    /// <param name="role">Appended to the client id: <c>ingest</c> or <c>publish</c>.</param>
    /// <param name="persistentSession">Keep the session (subscriptions, unacknowledged messages) across reconnects.</param>
    /// <param name="receiveMaximum">Unacknowledged QoS 1 messages the broker may have in flight to this client.</param>
    private static MqttClientOptions Build(SiloMqttOptions options, string role, bool persistentSession, ushort receiveMaximum = 0)
    {
        var prefix = string.IsNullOrEmpty(options.ClientId) ? SanitizedMachineName() : options.ClientId;
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(options.Host, options.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"{prefix}-{role}")
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(options.KeepAliveSeconds))
            .WithTimeout(TimeSpan.FromSeconds(10))
            .WithCleanStart(!persistentSession);
        if (persistentSession)
        {
            builder.WithSessionExpiryInterval((uint)options.EffectiveSessionExpirySeconds);
        }

        if (receiveMaximum > 0)
        {
            builder.WithReceiveMaximum(receiveMaximum);
        }

        if (!string.IsNullOrEmpty(options.Username))
        {
            builder.WithCredentials(options.Username, options.Password);
        }

        var built = builder.Build();
        ((MqttClientTcpOptions)built.ChannelOptions).BufferSize = options.BufferSize;
        return built;
    }

    private static string SanitizedMachineName()
    {
        var name = new string([.. Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
        return $"silo-{(name.Length > 40 ? name[..40] : name)}";
    }
}

using MQTTnet;
using MQTTnet.Formatter;

namespace EdgeVision.Silo.Mqtt;

/// <summary>Builds MQTTnet client options from <see cref="SiloMqttOptions"/>: MQTT 5, large socket buffers, credentials.</summary>
internal static class SiloMqttClientOptions
{
    /// <param name="role">Appended to the client id: <c>ingest</c> or <c>publish</c>.</param>
    /// <param name="persistentSession">Keep the session (subscriptions, unacknowledged messages) across reconnects.</param>
    /// <param name="receiveMaximum">Unacknowledged QoS 1 messages the broker may have in flight to this client.</param>
    public static MqttClientOptions Build(SiloMqttOptions options, string role, bool persistentSession, ushort receiveMaximum = 0)
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

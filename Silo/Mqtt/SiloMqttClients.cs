using EdgeVision.Mqtt;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace EdgeVision.Silo.Mqtt;

/// <summary>The silo's three MQTT clients on <see cref="SiloMqttOptions"/>: ingestion, publishing and its status.</summary>
internal static class SiloMqttClients
{
    /// <summary>
    /// The ingestion client (<c>{ClientId}-ingest</c>): it resumes its session (clean start off, session expiry
    /// <see cref="SiloMqttOptions.EffectiveSessionExpirySeconds"/>) unless that is 0, so sequences published while the silo
    /// restarts wait for it at the broker; the broker may have every lane's sequences in flight to it.
    /// </summary>
    /// <param name="subscribe">Subscribes after every connect.</param>
    public static MqttConnectionKeeper Ingestion(SiloMqttOptions options, Func<IMqttClient, MqttClientConnectResult, CancellationToken, Task> subscribe, TimeProvider time,
        ILogger logger) =>
        new(new MqttClientOptionsFactory(options, KeyName), ClientId(options, "ingest"), time, logger)
        {
            ConfigureSession = IngestionSession(options),
            OnConnectedAsync = subscribe,
        };

    /// <summary>The result and control publisher (<c>{ClientId}-publish</c>): a clean session; its own queue holds what waits.</summary>
    public static MqttConnectionKeeper Publishing(SiloMqttOptions options, TimeProvider time, ILogger logger) =>
        new(new MqttClientOptionsFactory(options, KeyName), ClientId(options, "publish"), time, logger);

    /// <summary>
    /// The silo status client (<c>{ClientId}-status</c>): a clean session whose last will (<paramref name="lastWill"/>) says the
    /// silo is offline, and <paramref name="online"/> after every connect.
    /// </summary>
    public static MqttConnectionKeeper Status(SiloMqttOptions options, Action<MqttClientOptionsBuilder> lastWill,
        Func<IMqttClient, MqttClientConnectResult, CancellationToken, Task> online, TimeProvider time, ILogger logger) =>
        new(new MqttClientOptionsFactory(options, KeyName), ClientId(options, "status"), time, logger) { ConfigureSession = lastWill, OnConnectedAsync = online };

    /// <summary>A key of <c>Silo:Mqtt</c> as configuration spells it.</summary>
    private static string KeyName(string key) => $"{SiloMqttOptions.SectionName}:{key}";

    /// <summary>The silo's id in its status: the client id prefix (<c>Silo:Mqtt:ClientId</c>, default <c>silo-{machine}</c>).</summary>
    public static string SiloId(SiloMqttOptions options) => string.IsNullOrEmpty(options.ClientId) ? SanitizedMachineName() : options.ClientId;

    /// <summary>The ingestion client's options for one connect, as <see cref="Ingestion"/> connects.</summary>
    public static MqttClientOptions ForIngestion(SiloMqttOptions options) =>
        new MqttClientOptionsFactory(options, KeyName).Create(ClientId(options, "ingest"), IngestionSession(options));

    private static Action<MqttClientOptionsBuilder> IngestionSession(SiloMqttOptions options) => builder =>
    {
        var expiry = options.EffectiveSessionExpirySeconds;
        builder.WithCleanStart(expiry == 0)
            .WithReceiveMaximum((ushort)Math.Min(ushort.MaxValue, options.IngestionLanes * (options.LaneCapacity + 1)));
        if (expiry > 0)
        {
            builder.WithSessionExpiryInterval((uint)expiry);
        }
    };

    /// <param name="role">Appended to the client id prefix: <c>ingest</c>, <c>publish</c> or <c>status</c>.</param>
    private static string ClientId(SiloMqttOptions options, string role)
    {
        return $"{SiloId(options)}-{role}";
    }

    private static string SanitizedMachineName()
    {
        var name = new string([.. Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
        return $"silo-{(name.Length > 40 ? name[..40] : name)}";
    }
}

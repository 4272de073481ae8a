using EdgeVision.Contracts.Configuration;
using EdgeVision.Edge.Publishing;
using EdgeVision.Mqtt;

namespace EdgeVision.EdgeAgent;

/// <summary>
/// The agent's command-line switches, on top of appsettings and environment variables: <c>--source</c>,
/// <c>--camera</c>, <c>--site</c>, <c>--broker host:port</c>, <c>--username</c>, <c>--password</c>, <c>--tls</c>, ...
/// Any key also works in full (<c>--Edge:Video:TargetWidth 112</c>).
/// </summary>
public static class EdgeCommandLine
{
    public const string BrokerSwitch = "--broker";

    private const string Edge = EdgeAgentOptions.SectionName;
    private const string Mqtt = EdgeAgentOptions.MqttSectionName;
    private const string Video = EdgeAgentOptions.VideoSectionName;

    public static IReadOnlyDictionary<string, string> SwitchMappings { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["--source"] = $"{Edge}:{nameof(EdgeAgentOptions.Source)}",
        ["--camera"] = $"{Edge}:{nameof(EdgeAgentOptions.Camera)}",
        ["--site"] = $"{Edge}:{nameof(EdgeAgentOptions.Site)}",
        ["--loop"] = $"{Edge}:{nameof(EdgeAgentOptions.Loop)}",
        ["--format"] = $"{Edge}:{nameof(EdgeAgentOptions.Format)}",
        ["--jpeg-quality"] = $"{Edge}:{nameof(EdgeAgentOptions.JpegQuality)}",
        ["--username"] = $"{Mqtt}:{nameof(MqttPublisherOptions.Username)}",
        ["--password"] = $"{Mqtt}:{nameof(MqttPublisherOptions.Password)}",
        ["--tls"] = $"{Mqtt}:{nameof(MqttPublisherOptions.UseTls)}",
        ["--ca-file"] = $"{Mqtt}:{nameof(MqttPublisherOptions.CaCertificatePath)}",
        ["--client-cert"] = $"{Mqtt}:{nameof(MqttPublisherOptions.ClientCertificatePath)}",
        ["--client-key"] = $"{Mqtt}:{nameof(MqttPublisherOptions.ClientKeyPath)}",
        ["--client-id"] = $"{Mqtt}:{nameof(MqttPublisherOptions.ClientId)}",
        ["--queue"] = $"{Mqtt}:{nameof(MqttPublisherOptions.OfflineQueueCapacity)}",
        ["--fps"] = $"{Video}:{nameof(VideoConfig.Fps)}",
        ["--width"] = $"{Video}:{nameof(VideoConfig.TargetWidth)}",
        ["--height"] = $"{Video}:{nameof(VideoConfig.TargetHeight)}",
        ["--sequence-length"] = $"{Video}:{nameof(VideoConfig.SequenceLength)}",
    };

    /// <summary>
    /// Rewrites <c>--broker host[:port]</c> (also <c>--broker=...</c> and <c>[v6]:port</c>) into <c>Edge:Mqtt:Host</c> and
    /// <c>Edge:Mqtt:Port</c>; a port that is not a number is left for the binder to report under <c>Edge:Mqtt:Port</c>.
    /// </summary>
    public static string[] Expand(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var result = new List<string>(args.Count + 2);
        for (var i = 0; i < args.Count; i++)
        {
            string? value = null;
            if (string.Equals(args[i], BrokerSwitch, StringComparison.OrdinalIgnoreCase))
            {
                value = i + 1 < args.Count ? args[++i] : "";
            }
            else if (args[i].StartsWith(BrokerSwitch + "=", StringComparison.OrdinalIgnoreCase))
            {
                value = args[i][(BrokerSwitch.Length + 1)..];
            }

            if (value is null)
            {
                result.Add(args[i]);
                continue;
            }

            var (host, port) = BrokerAddress.Split(value);
            result.Add($"--{Mqtt}:{nameof(MqttPublisherOptions.Host)}={host}");
            if (port is not null)
            {
                result.Add($"--{Mqtt}:{nameof(MqttPublisherOptions.Port)}={port}");
            }
        }

        return [.. result];
    }
}

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using System.Text.RegularExpressions;
using EdgeVision.Contracts.Topics;
using EdgeVision.Edge.Publishing;
using EdgeVision.Mqtt;

namespace EdgeVision.Cli.Runs.OverMqtt;

/// <summary>
/// <c>--cluster</c> and the broker options that go with it, named as the edge agent names them (<c>--broker host:port</c>,
/// <c>--username</c>, <c>--password</c>, <c>--tls</c>, <c>--ca-file</c>, <c>--client-cert</c>, <c>--client-key</c>,
/// <c>--site</c>, <c>--camera</c>), checked as every component's MQTT options are (<see cref="MqttConnectionOptions"/>). Options that
/// configure the in-process model or engine are errors with <c>--cluster</c>: the silo serves its own model under its own
/// <c>Inference</c> section; cluster options without <c>--cluster</c> are errors too.
/// </summary>
internal sealed class ClusterOptions
{
    public const int DefaultPort = 1883;
    public const int DefaultTlsPort = 8883;

    private static readonly Dictionary<string, string> Switches = new()
    {
        [nameof(MqttConnectionOptions.Host)] = "--broker",
        [nameof(MqttConnectionOptions.Port)] = "--broker",
        [nameof(MqttConnectionOptions.Username)] = "--username",
        [nameof(MqttConnectionOptions.Password)] = "--password",
        [nameof(MqttConnectionOptions.UseTls)] = "--tls",
        [nameof(MqttConnectionOptions.CaCertificatePath)] = "--ca-file",
        [nameof(MqttConnectionOptions.ClientCertificatePath)] = "--client-cert",
        [nameof(MqttConnectionOptions.ClientKeyPath)] = "--client-key",
    };

    private static readonly Regex KeyNames = new($@"\b({string.Join('|', Switches.Keys)})\b", RegexOptions.CultureInvariant);

    private readonly List<Option> _localOnly = [];

    public Option<bool> Cluster { get; } = new("--cluster")
    {
        Description = "Run against a running EdgeVision system: publish the sequences over MQTT as an edge agent would and read the silo's "
                      + "results (the model, its batching and its latency budget are the silo's).",
    };

    public Option<string> Broker { get; } = BrokerOption();

    public Option<string?> Username { get; } = new("--username") { Description = "With --cluster: broker user name (none for an anonymous broker)." };

    public Option<string?> Password { get; } = new("--password") { Description = "With --cluster: broker password." };

    public Option<bool> Tls { get; } = new("--tls") { Description = $"With --cluster: TLS to the broker (port {DefaultTlsPort} unless --broker names one)." };

    public Option<FileInfo?> CaFile { get; } = new("--ca-file") { Description = "With --cluster and --tls: PEM file of the CA that signed the broker's certificate." };

    public Option<FileInfo?> ClientCert { get; } = new("--client-cert") { Description = "With --cluster and --tls: PEM certificate to present to a broker that asks for one." };

    public Option<FileInfo?> ClientKey { get; } = new("--client-key") { Description = "With --client-cert: its PEM private key, when the certificate file does not hold it." };

    public Option<string?> Site { get; } = Identifier("--site", "Site id the sequences are published under.", defaultValue: "local");

    // No default value in the help: it would show the help process's own id, not the run's.
    public Option<string?> Camera { get; } = Identifier("--camera", "Camera id this run publishes as (default: cli-<host>-<pid>, unique per run).", defaultValue: null);

    public Option<double> ResultTimeout { get; } = ResultTimeoutOption();

    public Option<Uri[]> SiloMetrics { get; } = SiloMetricsOption();

    private IEnumerable<Option> ClusterOnly => [Broker, Username, Password, Tls, CaFile, ClientCert, ClientKey, Site, Camera, ResultTimeout, SiloMetrics];

    /// <summary>The default camera id: unique per machine and process, and a valid topic segment.</summary>
    public static string DefaultCamera()
    {
        var host = new string([.. Environment.MachineName.Select(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' ? c : '-')]);
        var id = $"cli-{host}-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
        return id.Length <= 64 ? id : $"cli-{Environment.ProcessId.ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Marks options that make sense only for a run in this process (an error with <c>--cluster</c>).</summary>
    public void LocalOnly(params Option[] options) => _localOnly.AddRange(options);

    public void AddTo(Command command)
    {
        command.Options.Add(Cluster);
        foreach (var option in ClusterOnly)
        {
            command.Options.Add(option);
        }

        command.Validators.Add(result =>
        {
            var cluster = result.GetValue(Cluster);
            var given = (cluster ? _localOnly : ClusterOnly).Where(o => result.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToArray();
            if (given.Length > 0 && cluster)
            {
                result.AddError($"{string.Join(", ", given)} configure{(given.Length == 1 ? "s" : "")} the in-process model or engine and cannot be used with --cluster: "
                                + "the silo serves its own model with its own batching and latency budget (configure it there: Silo:ModelCatalog, Silo:Cameras:DefaultModel, Silo:Inference).");
            }
            else if (given.Length > 0)
            {
                result.AddError($"{string.Join(", ", given)} appl{(given.Length == 1 ? "ies" : "y")} to --cluster runs only; add --cluster or leave {(given.Length == 1 ? "it" : "them")} out.");
            }
        });
    }

    /// <summary>
    /// The cluster settings, or null without <c>--cluster</c>; broker options that do not go together or files that cannot
    /// be read are an <see cref="ArgumentException"/> naming the switches.
    /// </summary>
    public ClusterSettings? Read(ParseResult parse)
    {
        if (!parse.GetValue(Cluster))
        {
            return null;
        }

        var tls = parse.GetValue(Tls);
        var (host, port) = BrokerAddress.Parse(parse.GetValue(Broker)!, tls ? DefaultTlsPort : DefaultPort);
        var mqtt = new MqttPublisherOptions
        {
            Host = host,
            Port = port!.Value,
            Username = parse.GetValue(Username),
            Password = parse.GetValue(Password),
            UseTls = tls,
            CaCertificatePath = parse.GetValue(CaFile)?.FullName,
            ClientCertificatePath = parse.GetValue(ClientCert)?.FullName,
            ClientKeyPath = parse.GetValue(ClientKey)?.FullName,
        };
        if (mqtt.Validate(section: "") is { Count: > 0 } invalid)
        {
            // The keys as this command spells them: "--ca-file is not a usable PEM file (was '...')".
            throw new ArgumentException(string.Join(" ", invalid.Select(SwitchNames)));
        }

        return new ClusterSettings
        {
            Mqtt = mqtt,
            Site = parse.GetValue(Site)!,
            Camera = parse.GetValue(Camera) ?? DefaultCamera(),
            ResultTimeout = TimeSpan.FromSeconds(parse.GetValue(ResultTimeout)),
            SiloMetrics = parse.GetValue(SiloMetrics) ?? [],
        };
    }

    /// <summary>The switch that sets the MQTT options' key <paramref name="key"/> (<c>CaCertificatePath</c> is <c>--ca-file</c>).</summary>
    public static string SwitchFor(string key) => Switches.GetValueOrDefault(key, key);

    /// <summary>A problem of the MQTT options with its keys as this command spells them (<c>--ca-file is not ...</c>).</summary>
    private static string SwitchNames(string failure) => KeyNames.Replace(failure, key => Switches[key.Value]);

    private static Option<string> BrokerOption()
    {
        var option = new Option<string>("--broker")
        {
            Description = $"With --cluster: the MQTT broker as host[:port] (as the edge agent takes it); without a port, {DefaultPort} ({DefaultTlsPort} with --tls).",
            DefaultValueFactory = _ => "127.0.0.1",
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>() ?? "";
            var (host, port) = BrokerAddress.Parse(value, DefaultPort);
            if (host.Length == 0 || port is null)
            {
                result.AddError($"--broker '{value}' is not host[:port] with a port from 1 to 65535.");
            }
        });
        return option;
    }

    private static Option<string?> Identifier(string name, string description, string? defaultValue)
    {
        var option = new Option<string?>(name) { Description = $"With --cluster: {description}" };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        option.Validators.Add(result =>
        {
            if (!Identifiers.IsValid(result.GetValueOrDefault<string>()))
            {
                result.AddError($"{name} '{result.GetValueOrDefault<string>()}' must be 1 to 64 ASCII letters, digits, '-' or '_' (it is an MQTT topic segment).");
            }
        });
        return option;
    }

    private static Option<Uri[]> SiloMetricsOption()
    {
        var option = new Option<Uri[]>("--silo-metrics")
        {
            Description = "With --cluster: a silo's Prometheus endpoint (http://host:port/metrics; repeat for several silos). Its "
                          + "edgevision_silo_dropped_total for this camera, read before and after the run, is reported beside the drop notices.",
            CustomParser = result => [.. result.Tokens.Select(t => Uri.TryCreate(t.Value, UriKind.Absolute, out var uri) && uri.Scheme is "http" or "https" ? uri : Invalid(result, t.Value))],
        };
        return option;

        static Uri Invalid(ArgumentResult result, string value)
        {
            result.AddError($"--silo-metrics '{value}' is not an http(s) URL such as http://127.0.0.1:8080/metrics.");
            return new Uri("http://invalid");
        }
    }

    private static Option<double> ResultTimeoutOption()
    {
        var option = new Option<double>("--result-timeout")
        {
            Description = "With --cluster: seconds to wait for a sequence's result or drop notice after the broker acknowledged it; a sequence "
                          + "without one is published once more, and counted as dropped (no_result) when none comes within as long again.",
            DefaultValueFactory = _ => 10,
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!(double.IsFinite(value) && value > 0))
            {
                result.AddError($"--result-timeout must be a positive number of seconds (was {value}).");
            }
        });
        return option;
    }
}

using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using EdgeVision.Contracts.Topics;

namespace EdgeVision.Cli.Cluster;

/// <summary>
/// <c>--cluster</c> and the broker options that go with it, named as the edge agent names them (<c>--broker host:port</c>,
/// <c>--username</c>, <c>--password</c>, <c>--tls</c>, <c>--ca-file</c>, <c>--site</c>, <c>--camera</c>). Options that
/// configure the in-process model or engine are errors with <c>--cluster</c>: the silo serves its own model under its own
/// <c>Inference</c> section; cluster options without <c>--cluster</c> are errors too.
/// </summary>
internal sealed class ClusterOptions
{
    public const int DefaultPort = 1883;
    public const int DefaultTlsPort = 8883;

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

    public Option<string?> Site { get; } = Identifier("--site", "Site id the sequences are published under.", defaultValue: "local");

    // No default value in the help: it would show the help process's own id, not the run's.
    public Option<string?> Camera { get; } = Identifier("--camera", "Camera id this run publishes as (default: cli-<host>-<pid>, unique per run).", defaultValue: null);

    public Option<double> ResultTimeout { get; } = ResultTimeoutOption();

    public Option<Uri[]> SiloMetrics { get; } = SiloMetricsOption();

    private IEnumerable<Option> ClusterOnly => [Broker, Username, Password, Tls, CaFile, Site, Camera, ResultTimeout, SiloMetrics];

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
                                + "the silo serves its own model with its own batching and latency budget (configure it there: ModelCatalog, Silo:Cameras:DefaultModel, Inference).");
            }
            else if (given.Length > 0)
            {
                result.AddError($"{string.Join(", ", given)} appl{(given.Length == 1 ? "ies" : "y")} to --cluster runs only; add --cluster or leave {(given.Length == 1 ? "it" : "them")} out.");
            }

            if (cluster && result.GetValue(CaFile) is not null && !result.GetValue(Tls))
            {
                result.AddError("--ca-file needs --tls.");
            }

            if (cluster && result.GetValue(CaFile) is { Exists: false } ca)
            {
                result.AddError($"--ca-file {ca.FullName} does not exist.");
            }
        });
    }

    /// <summary>The cluster settings, or null without <c>--cluster</c>.</summary>
    public ClusterSettings? Read(ParseResult parse)
    {
        if (!parse.GetValue(Cluster))
        {
            return null;
        }

        var tls = parse.GetValue(Tls);
        var (host, port) = ParseBroker(parse.GetValue(Broker)!, tls ? DefaultTlsPort : DefaultPort);
        return new ClusterSettings
        {
            Host = host,
            Port = port!.Value,
            Username = parse.GetValue(Username),
            Password = parse.GetValue(Password),
            UseTls = tls,
            CaFile = parse.GetValue(CaFile)?.FullName,
            Site = parse.GetValue(Site)!,
            Camera = parse.GetValue(Camera) ?? DefaultCamera(),
            ResultTimeout = TimeSpan.FromSeconds(parse.GetValue(ResultTimeout)),
            SiloMetrics = parse.GetValue(SiloMetrics) ?? [],
        };
    }

    /// <summary><c>host</c>, <c>host:port</c> or <c>[v6]:port</c>; the port is null when it is not a number from 1 to 65535.</summary>
    internal static (string Host, int? Port) ParseBroker(string broker, int defaultPort)
    {
        string host;
        string? port;
        if (broker.StartsWith('['))
        {
            var close = broker.IndexOf(']', StringComparison.Ordinal);
            (host, port) = close < 0 ? (broker, null)
                : (broker[1..close], close + 1 < broker.Length && broker[close + 1] == ':' ? broker[(close + 2)..] : null);
        }
        else
        {
            var colon = broker.LastIndexOf(':');
            (host, port) = colon < 0 || broker.IndexOf(':', StringComparison.Ordinal) != colon ? (broker, null) : (broker[..colon], broker[(colon + 1)..]);
        }

        if (port is null)
        {
            return (host, defaultPort);
        }

        return (host, int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 65535 ? number : null);
    }

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
            var (host, port) = ParseBroker(value, DefaultPort);
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
                          + "edgevision_silo_dropped_total for this camera, read before and after the run, says why sequences got no result.",
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
            Description = "With --cluster: seconds to wait for results after the last sequence was delivered; sequences still without one are "
                          + "counted as dropped (no_result).",
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

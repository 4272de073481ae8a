using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;

namespace EdgeVision.Mqtt;

/// <summary>
/// MQTTnet client options from validated <see cref="MqttConnectionOptions"/>: MQTT 5, credentials, keep-alive, timeout,
/// socket buffers and TLS. The broker's certificate must name the host and chain to the configured CA (MQTTnet's trust
/// chain, not the system store) or, without one, to the system store; the CA and client certificate are read once, here.
/// One factory per client: it remembers why it last refused a broker's certificate, naming the key that decides it.
/// </summary>
public sealed class MqttClientOptionsFactory
{
    private readonly X509Certificate2Collection? _trustedCa;
    private readonly X509Certificate2? _clientCertificate;
    private readonly Func<string, string> _keyName;
    private string? _certificateRejection;

    /// <param name="options">Validated connection options.</param>
    /// <param name="keyName">
    /// How the user spells a key of <paramref name="options"/> (<c>CaCertificatePath</c> to <c>Silo:Mqtt:CaCertificatePath</c>,
    /// or to a command-line switch); a refused certificate's message names it. The bare key when null.
    /// </param>
    public MqttClientOptionsFactory(MqttConnectionOptions options, Func<string, string>? keyName = null)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        _keyName = keyName ?? (key => key);
        if (options is { UseTls: true, AllowUntrustedCertificates: false, CaCertificatePath: { Length: > 0 } ca })
        {
            _trustedCa = LoadCa(ca);
        }

        if (options is { UseTls: true, ClientCertificatePath: { Length: > 0 } certificate })
        {
            _clientCertificate = LoadClientCertificate(certificate, options.ClientKeyPath);
        }
    }

    public MqttConnectionOptions Options { get; }

    /// <summary>The broker, <c>host:port</c>.</summary>
    public string Endpoint => BrokerAddress.Format(Options.Host, Options.Port);

    public TimeSpan OperationTimeout => TimeSpan.FromSeconds(Options.OperationTimeoutSeconds);

    /// <summary>Options for one connect, with a clean start; <paramref name="session"/> adds the caller's own (a last will, a kept session).</summary>
    public MqttClientOptions Create(string clientId, Action<MqttClientOptionsBuilder>? session = null)
    {
        var builder = new MqttClientOptionsBuilder()
            .WithTcpServer(Options.Host, Options.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId(clientId)
            .WithCleanStart()
            .WithKeepAlivePeriod(TimeSpan.FromSeconds(Options.KeepAliveSeconds))
            .WithTimeout(OperationTimeout);
        if (!string.IsNullOrEmpty(Options.Username))
        {
            builder.WithCredentials(Options.Username, Options.Password);
        }

        if (Options.UseTls)
        {
            builder.WithTlsOptions(tls =>
            {
                // A private CA publishes no revocation lists.
                (_trustedCa is null ? tls : tls.WithTrustChain(_trustedCa).WithRevocationMode(X509RevocationMode.NoCheck))
                    .WithCertificateValidationHandler(args => Options.AllowUntrustedCertificates || Accept(args));
                if (_clientCertificate is not null)
                {
                    tls.WithClientCertificates([_clientCertificate]);
                }
            });
        }

        session?.Invoke(builder);
        var built = builder.Build();
        // With MQTTnet's 8 KB default, 300 KB messages crawl at ~8/s (BENCHMARKS.md, "Publishing").
        ((MqttClientTcpOptions)built.ChannelOptions).BufferSize = Options.SocketBufferBytes;
        return built;
    }

    internal static X509Certificate2Collection LoadCa(string path)
    {
        var trusted = new X509Certificate2Collection();
        trusted.ImportFromPemFile(path);
        return trusted.Count > 0 ? trusted : throw new CryptographicException("it holds no PEM certificate");
    }

    internal static X509Certificate2 LoadClientCertificate(string path, string? keyPath) =>
        X509Certificate2.CreateFromPemFile(path, string.IsNullOrEmpty(keyPath) ? null : keyPath);

    /// <summary>Why the broker's certificate was refused since the last call, or null.</summary>
    internal string? TakeCertificateRejection() => Interlocked.Exchange(ref _certificateRejection, null);

    private bool Accept(MqttClientCertificateValidationEventArgs args)
    {
        if (args.SslPolicyErrors == SslPolicyErrors.None)
        {
            return true;
        }

        var certificate = $"the broker's certificate ({args.Certificate?.Subject}, issued by {args.Certificate?.Issuer})";
        var ca = _keyName(nameof(MqttConnectionOptions.CaCertificatePath));
        var (trust, fix) = _trustedCa is null
            ? ("a CA of the system store", $"set {ca} to the PEM file of the CA that signed it")
            : ($"the CA in {Options.CaCertificatePath}", $"check {ca}");
        var chain = string.Join("; ", (args.Chain?.ChainStatus ?? []).Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").Distinct());
        _certificateRejection = args.SslPolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch)
            ? $"{certificate} does not name {Options.Host}: check {_keyName(nameof(MqttConnectionOptions.Host))}."
            : $"{certificate} is not signed by {trust} ({(chain.Length > 0 ? chain : args.SslPolicyErrors)}): {fix}.";
        return false;
    }
}

using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using MQTTnet;
using MQTTnet.Formatter;

namespace EdgeVision.Mqtt;

/// <summary>
/// Builds MQTTnet client options from validated <see cref="MqttConnectionOptions"/>: MQTT 5, the broker, credentials,
/// keep-alive, operation timeout, socket buffers and TLS (the broker's certificate must name the host and chain to the
/// configured CA, or to the system store without one; an optional client certificate). The CA and client certificate
/// are read once, here. One factory per client: it remembers why it last refused a broker's certificate.
/// </summary>
public sealed class MqttClientOptionsFactory
{
    private readonly X509Certificate2Collection? _trustedCa;
    private readonly X509Certificate2? _clientCertificate;
    private string? _certificateRejection;

    public MqttClientOptionsFactory(MqttConnectionOptions options)
    {
        Options = options ?? throw new ArgumentNullException(nameof(options));
        if (options.UseTls && !options.AllowUntrustedCertificates && !string.IsNullOrEmpty(options.CaCertificatePath))
        {
            _trustedCa = TlsFiles.LoadCa(options.CaCertificatePath);
        }

        if (options.UseTls && !string.IsNullOrEmpty(options.ClientCertificatePath))
        {
            _clientCertificate = TlsFiles.LoadClientCertificate(options.ClientCertificatePath, options.ClientKeyPath);
        }
    }

    public MqttConnectionOptions Options { get; }

    /// <summary>The broker as <c>host:port</c>, for messages.</summary>
    public string Endpoint => BrokerAddress.Format(Options.Host, Options.Port);

    public TimeSpan OperationTimeout => TimeSpan.FromSeconds(Options.OperationTimeoutSeconds);

    /// <summary>
    /// Options for one connect as <paramref name="clientId"/>, with a clean start; <paramref name="session"/> adds what
    /// is the caller's own (a last will, a kept session, a receive maximum) and may override the clean start.
    /// </summary>
    public MqttClientOptions Create(string clientId, Action<MqttClientOptionsBuilder>? session = null)
    {
        ArgumentException.ThrowIfNullOrEmpty(clientId);
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
            builder.WithTlsOptions(ConfigureTls);
        }

        session?.Invoke(builder);
        var built = builder.Build();
        // ARCHITECTURE.md: with MQTTnet's 8 KB default, 300 KB messages crawl at ~8/s.
        ((MqttClientTcpOptions)built.ChannelOptions).BufferSize = Options.SocketBufferSize;
        return built;
    }

    /// <summary>Why the broker's certificate was refused since the last call, or null when it was not.</summary>
    internal string? TakeCertificateRejection() => Interlocked.Exchange(ref _certificateRejection, null);

    private void ConfigureTls(MqttClientTlsOptionsBuilder tls)
    {
        if (Options.AllowUntrustedCertificates)
        {
            tls.WithCertificateValidationHandler(_ => true);
        }
        else
        {
            if (_trustedCa is { } trusted)
            {
                // MQTTnet builds the chain against this CA only (not the system store); no revocation lists for a private CA.
                tls.WithTrustChain(trusted).WithRevocationMode(X509RevocationMode.NoCheck);
            }

            tls.WithCertificateValidationHandler(AcceptOrExplain);
        }

        if (_clientCertificate is { } certificate)
        {
            tls.WithClientCertificates([certificate]);
        }
    }

    private bool AcceptOrExplain(MqttClientCertificateValidationEventArgs args)
    {
        if (args.SslPolicyErrors == SslPolicyErrors.None)
        {
            return true;
        }

        Volatile.Write(ref _certificateRejection, ExplainRejection(args));
        return false;
    }

    private string ExplainRejection(MqttClientCertificateValidationEventArgs args)
    {
        if (args.Certificate is not { } certificate)
        {
            return "the broker sent no TLS certificate.";
        }

        var described = $"the broker's certificate ({certificate.Subject}, issued by {certificate.Issuer})";
        if (args.SslPolicyErrors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
        {
            return $"{described} does not name {Options.Host}.";
        }

        var trust = _trustedCa is null ? "a CA of the system store" : $"the CA in {Options.CaCertificatePath}";
        var status = args.Chain?.ChainStatus is { Length: > 0 } chain
            ? string.Join("; ", chain.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").Distinct())
            : args.SslPolicyErrors.ToString();
        return $"{described} is not signed by {trust} ({status}).";
    }
}

using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Mqtt;

/// <summary>
/// How a component reaches the MQTT broker: the keys every MQTT section shares (the edge's <c>Edge:Mqtt</c>, the silo's
/// <c>Silo:Mqtt</c>, the dashboard's <c>Dashboard:Mqtt</c>, the CLI's broker switches). A component whose section has
/// keys of its own derives from it and adds their checks in <see cref="Validate(ValidationErrors)"/>.
/// </summary>
public class MqttConnectionOptions
{
    /// <summary>MQTTnet's default is 8 KB, which makes 300 KB messages crawl at ~8/s (BENCHMARKS.md, "Publishing").</summary>
    public const int DefaultSocketBufferBytes = 1024 * 1024;

    /// <summary>Keys of every MQTT section that have a new name (old, new): a host reports the old one at start, naming the new.</summary>
    public static IReadOnlyList<(string Old, string New)> RenamedKeys { get; } = [("SocketBufferSize", nameof(SocketBufferBytes))];

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

    /// <summary>A PEM certificate this client presents to a broker that asks for one (mosquitto's <c>require_certificate</c>).</summary>
    public string? ClientCertificatePath { get; set; }

    /// <summary>The PEM private key of <see cref="ClientCertificatePath"/>; empty when that file holds the key too.</summary>
    public string? ClientKeyPath { get; set; }

    /// <summary>Accept any broker certificate (testing only: it gives up the protection TLS is for).</summary>
    public bool AllowUntrustedCertificates { get; set; }

    /// <summary>MQTT client id; empty for the component's default.</summary>
    public string? ClientId { get; set; }

    public int KeepAliveSeconds { get; set; } = 15;

    /// <summary>TCP send and receive buffer size in bytes.</summary>
    public int SocketBufferBytes { get; set; } = DefaultSocketBufferBytes;

    /// <summary>First reconnect delay; doubles per failed attempt up to <see cref="ReconnectMaxDelaySeconds"/>, with ±20% jitter.</summary>
    public double ReconnectMinDelaySeconds { get; set; } = 0.5;

    public double ReconnectMaxDelaySeconds { get; set; } = 30;

    /// <summary>How long one connect, subscribe, ping or publish may take before the connection is considered lost.</summary>
    public double OperationTimeoutSeconds { get; set; } = 10;

    /// <summary>Every problem with these options, each naming its key under <paramref name="section"/>.</summary>
    public IReadOnlyList<string> Validate(string section)
    {
        var errors = new ValidationErrors(section);
        Validate(errors);
        return errors.Errors;
    }

    /// <summary>Adds every problem to <paramref name="errors"/>; an override adds its own keys' after calling this.</summary>
    protected virtual void Validate(ValidationErrors errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        if (string.IsNullOrWhiteSpace(Host) || Uri.CheckHostName(Host) == UriHostNameType.Unknown)
        {
            errors.Add(nameof(Host), $"must be a host name or IP address, e.g. 127.0.0.1 (was '{Host}').");
        }

        errors.Range(nameof(Port), Port, 1, 65535);
        if (Password is { Length: > 0 } && string.IsNullOrEmpty(Username))
        {
            errors.Add(nameof(Password), $"is set but {errors.Key(nameof(Username))} is empty.");
        }

        ValidateTls(errors);
        if (ClientId is { Length: > 0 } clientId && ExplainClientId(clientId) is { } problem)
        {
            errors.Add(nameof(ClientId), problem);
        }

        errors.Range(nameof(KeepAliveSeconds), KeepAliveSeconds, 1, 65535);
        errors.Range(nameof(SocketBufferBytes), SocketBufferBytes, 8 * 1024, 64 * 1024 * 1024);
        errors.Range(nameof(ReconnectMinDelaySeconds), ReconnectMinDelaySeconds, 0.01, 3600);
        errors.Range(nameof(ReconnectMaxDelaySeconds), ReconnectMaxDelaySeconds, 0.01, 3600);
        if (ReconnectMaxDelaySeconds < ReconnectMinDelaySeconds)
        {
            errors.Add(nameof(ReconnectMaxDelaySeconds), $"must not be below {errors.Key(nameof(ReconnectMinDelaySeconds))} (was {ReconnectMaxDelaySeconds}).");
        }

        errors.Range(nameof(OperationTimeoutSeconds), OperationTimeoutSeconds, 0.1, 600);
    }

    /// <summary>Why <paramref name="clientId"/> cannot be this component's client id, or null.</summary>
    protected virtual string? ExplainClientId(string clientId) =>
        clientId.Length > 128 || clientId.Any(char.IsControl) ? $"must be at most 128 printable characters (was '{clientId}')." : null;

    private void ValidateTls(ValidationErrors errors)
    {
        if (!UseTls)
        {
            (string Key, bool Set)[] tlsOnly =
            [
                (nameof(CaCertificatePath), !string.IsNullOrEmpty(CaCertificatePath)), (nameof(ClientCertificatePath), !string.IsNullOrEmpty(ClientCertificatePath)),
                (nameof(ClientKeyPath), !string.IsNullOrEmpty(ClientKeyPath)), (nameof(AllowUntrustedCertificates), AllowUntrustedCertificates),
            ];
            foreach (var (key, _) in tlsOnly.Where(k => k.Set))
            {
                errors.Add(key, $"is set but {errors.Key(nameof(UseTls))} is false.");
            }

            return;
        }

        if (AllowUntrustedCertificates && !string.IsNullOrEmpty(CaCertificatePath))
        {
            errors.Add(nameof(AllowUntrustedCertificates), $"accepts any certificate, so {errors.Key(nameof(CaCertificatePath))} would not be checked: set one of them.");
        }

        if (!string.IsNullOrEmpty(CaCertificatePath) && PemFile.Unusable(CaCertificatePath, () => _ = MqttClientOptionsFactory.LoadCa(CaCertificatePath)) is { } caProblem)
        {
            errors.Add(nameof(CaCertificatePath), caProblem);
        }

        if (string.IsNullOrEmpty(ClientCertificatePath))
        {
            if (!string.IsNullOrEmpty(ClientKeyPath))
            {
                errors.Add(nameof(ClientKeyPath), $"is set but {errors.Key(nameof(ClientCertificatePath))} is empty.");
            }
        }
        else if (!string.IsNullOrEmpty(ClientKeyPath) && !File.Exists(ClientKeyPath))
        {
            errors.Add(nameof(ClientKeyPath), $"names no file (was '{ClientKeyPath}').");
        }
        else if (PemFile.Unusable(ClientCertificatePath, () => MqttClientOptionsFactory.LoadClientCertificate(ClientCertificatePath, ClientKeyPath).Dispose()) is { } problem)
        {
            errors.Add(nameof(ClientCertificatePath), problem);
        }
    }
}

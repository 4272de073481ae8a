using System.Net;
using System.Security.Cryptography;
using EdgeVision.Broker.Security;
using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Broker;

/// <summary>
/// The broker's TLS listener (<c>Broker:Tls</c>): a certificate and key from PEM files, TLS 1.2 and 1.3 only, and, when
/// <see cref="ClientCaCertificatePath"/> is set, a client certificate signed by that CA from every client. The clear-text
/// listener (<see cref="BrokerOptions.Port"/>) stays open beside it unless <see cref="Only"/> is set.
/// </summary>
public sealed class BrokerTlsOptions
{
    /// <summary>The IANA port of MQTT over TLS.</summary>
    public const int DefaultPort = 8883;

    /// <summary>Opens the TLS listener.</summary>
    public bool Enabled { get; set; }

    /// <summary>TCP port of the TLS listener; 0 picks a free one (tests), readable from <see cref="MqttBrokerService.TlsEndPoint"/>.</summary>
    public int Port { get; set; } = DefaultPort;

    /// <summary>Serve TLS only: no clear-text listener, so no password and no frame crosses the network unencrypted.</summary>
    public bool Only { get; set; }

    /// <summary>PEM file of the broker's certificate (the intermediates may follow it in the same file); its names must include the host clients connect to.</summary>
    public string? CertificatePath { get; set; }

    /// <summary>PEM file of the certificate's private key (RSA or ECDSA, unencrypted); empty when <see cref="CertificatePath"/> holds the key too.</summary>
    public string? KeyPath { get; set; }

    /// <summary>
    /// PEM file of the CA that signs client certificates. Set: every TLS client must present a certificate it signed
    /// (mosquitto's <c>require_certificate true</c> with <c>cafile</c>); a client without one is refused in the handshake.
    /// Empty: clients are not asked for a certificate.
    /// </summary>
    public string? ClientCaCertificatePath { get; set; }

    /// <summary>Every problem with these options, each naming its key under <paramref name="section"/> (<c>Broker:Tls</c>).</summary>
    public IReadOnlyList<string> Validate(string section)
    {
        var errors = new ValidationErrors(section);
        if (!Enabled)
        {
            (string Key, bool Set)[] tlsOnly =
            [
                (nameof(Only), Only), (nameof(CertificatePath), !string.IsNullOrEmpty(CertificatePath)),
                (nameof(KeyPath), !string.IsNullOrEmpty(KeyPath)), (nameof(ClientCaCertificatePath), !string.IsNullOrEmpty(ClientCaCertificatePath)),
            ];
            foreach (var (key, _) in tlsOnly.Where(k => k.Set))
            {
                errors.Add(key, $"is set but {errors.Key(nameof(Enabled))} is false.");
            }

            return errors.Errors;
        }

        if (Port is < 0 or > IPEndPoint.MaxPort)
        {
            errors.Add(nameof(Port), $"must be between 0 (pick a free port) and {IPEndPoint.MaxPort} (was {Port}).");
        }

        if (string.IsNullOrEmpty(CertificatePath))
        {
            errors.Add(nameof(CertificatePath), $"must name the PEM file of the broker's certificate when {errors.Key(nameof(Enabled))} is true.");
        }
        else
        {
            ValidateCertificate(errors);
        }

        if (!string.IsNullOrEmpty(ClientCaCertificatePath) && PemFile.Unusable(ClientCaCertificatePath, () => BrokerCertificates.LoadCa(ClientCaCertificatePath).Clear(), "PEM certificate file") is { } problem)
        {
            errors.Add(nameof(ClientCaCertificatePath), problem);
        }

        return errors.Errors;
    }

    private void ValidateCertificate(ValidationErrors errors)
    {
        if (PemFile.Unusable(CertificatePath!, () => BrokerCertificates.LoadPublic(CertificatePath!).Dispose(), "PEM certificate file") is { } certificateProblem)
        {
            errors.Add(nameof(CertificatePath), certificateProblem);
            return;
        }

        // Which key names the file that holds the key: its own, or the certificate's when the key travels with it.
        var keyKey = string.IsNullOrEmpty(KeyPath) ? nameof(CertificatePath) : nameof(KeyPath);
        try
        {
            BrokerCertificates.LoadServer(CertificatePath!, KeyPath).Dispose();
        }
        catch (BrokerCertificates.KeyMismatchException)
        {
            errors.Add(keyKey, $"holds a private key that does not belong to the certificate in {errors.Key(nameof(CertificatePath))} (was '{KeyPath ?? CertificatePath}').");
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            errors.Add(keyKey, $"names no file (was '{KeyPath}').");
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            errors.Add(keyKey, $"holds no usable private key for the certificate (was '{KeyPath ?? CertificatePath}'): {ex.Message.TrimEnd('.')}.");
        }
    }
}

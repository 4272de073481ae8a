using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeVision.Broker.Security;

/// <summary>Reads the TLS listener's PEM files (<see cref="BrokerTlsOptions"/>): the broker's certificate with its key, and a CA.</summary>
internal static class BrokerCertificates
{
    private const string RsaOid = "1.2.840.113549.1.1.1";
    private const string EcOid = "1.2.840.10045.2.1";

    /// <summary>The first certificate of <paramref name="path"/>, without its key.</summary>
    public static X509Certificate2 LoadPublic(string path) => X509Certificate2.CreateFromPem(File.ReadAllText(path));

    /// <summary>
    /// The broker's certificate from <paramref name="certificatePath"/> with its private key from <paramref name="keyPath"/>
    /// (from the certificate's file when empty). Throws <see cref="KeyMismatchException"/> when the key belongs to another
    /// certificate.
    /// </summary>
    public static X509Certificate2 LoadServer(string certificatePath, string? keyPath)
    {
        var certificateText = File.ReadAllText(certificatePath);
        var keyText = string.IsNullOrEmpty(keyPath) ? certificateText : File.ReadAllText(keyPath);
        using var certificate = X509Certificate2.CreateFromPem(certificateText);
        using var paired = certificate.GetKeyAlgorithm() switch
        {
            RsaOid => Pair(certificate, RSA.Create(), keyText, static (c, k) => c.CopyWithPrivateKey(k)),
            EcOid => Pair(certificate, ECDsa.Create(), keyText, static (c, k) => c.CopyWithPrivateKey(k)),
            var other => throw new NotSupportedException($"the certificate's key algorithm is {other}; RSA and ECDSA keys are supported"),
        };

        // A key imported from PEM is ephemeral, which SslStream on Windows cannot use for a server; the PKCS#12 round trip
        // gives it a stored one everywhere (MQTTnet's own TLS sample does the same).
        return X509CertificateLoader.LoadPkcs12(paired.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>Every certificate of the PEM file <paramref name="path"/>: what the broker trusts for client certificates.</summary>
    public static X509Certificate2Collection LoadCa(string path)
    {
        var trusted = new X509Certificate2Collection();
        trusted.ImportFromPemFile(path);
        return trusted.Count > 0 ? trusted : throw new CryptographicException("it holds no PEM certificate");
    }

    private static X509Certificate2 Pair<TKey>(X509Certificate2 certificate, TKey key, string keyText, Func<X509Certificate2, TKey, X509Certificate2> pair)
        where TKey : AsymmetricAlgorithm
    {
        using (key)
        {
            key.ImportFromPem(keyText);
            try
            {
                return pair(certificate, key);
            }
            catch (Exception ex) when (ex is ArgumentException or CryptographicException)
            {
                throw new KeyMismatchException(ex);
            }
        }
    }

    /// <summary>The private key belongs to another certificate.</summary>
    public sealed class KeyMismatchException(Exception inner) : CryptographicException("The private key does not match the certificate.", inner);
}

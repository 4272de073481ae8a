using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeVision.Broker.Security;

/// <summary>
/// Checks a TLS client's certificate against the CA of <see cref="BrokerTlsOptions.ClientCaCertificatePath"/> alone (not the
/// system store): the chain must end at that CA and the certificate must allow client authentication. A private CA publishes
/// no revocation lists, so revocation is not checked. <see cref="Validate"/> is MQTTnet's
/// <see cref="RemoteCertificateValidationCallback"/>; <paramref name="refused"/> hears why a client was turned away.
/// </summary>
internal sealed class ClientCertificateValidator(X509Certificate2Collection trustedCa, Action<string> refused)
{
    private static readonly Oid ClientAuthentication = new("1.3.6.1.5.5.7.3.2");

    public bool Validate(object sender, X509Certificate? certificate, X509Chain? presented, SslPolicyErrors errors)
    {
        if (Explain(certificate, presented) is not { } problem)
        {
            return true;
        }

        refused(problem);
        return false;
    }

    /// <summary>Why <paramref name="certificate"/> is refused, or null when it chains to the trusted CA.</summary>
    internal string? Explain(X509Certificate? certificate, X509Chain? presented)
    {
        if (certificate is null)
        {
            return "it presented no client certificate";
        }

        using var owned = certificate is X509Certificate2 ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        var leaf = owned ?? (X509Certificate2)certificate;
        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(trustedCa);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(ClientAuthentication);
        // Intermediates the client sent along with its certificate.
        foreach (var element in presented?.ChainElements.Skip(1) ?? [])
        {
            chain.ChainPolicy.ExtraStore.Add(element.Certificate);
        }

        if (chain.Build(leaf))
        {
            return null;
        }

        var status = string.Join("; ", chain.ChainStatus.Select(s => $"{s.Status}: {s.StatusInformation.Trim()}").Distinct());
        return $"its certificate ({leaf.Subject}, issued by {leaf.Issuer}) is not a client certificate signed by the trusted CA ({status})";
    }
}

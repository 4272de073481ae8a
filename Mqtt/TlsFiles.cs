using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace EdgeVision.Mqtt;

/// <summary>Reads the PEM files of <see cref="MqttConnectionOptions"/>: the broker's CA and the client's own certificate.</summary>
internal static class TlsFiles
{
    public static X509Certificate2Collection LoadCa(string path)
    {
        var trusted = new X509Certificate2Collection();
        trusted.ImportFromPemFile(path);
        return trusted.Count > 0 ? trusted : throw new CryptographicException("it holds no PEM certificate");
    }

    public static X509Certificate2 LoadClientCertificate(string certificatePath, string? keyPath) =>
        X509Certificate2.CreateFromPemFile(certificatePath, string.IsNullOrEmpty(keyPath) ? null : keyPath);

    /// <summary>Why <paramref name="path"/> is not a usable CA file, or null.</summary>
    public static string? ExplainCa(string path) => Explain(path, () =>
    {
        foreach (var certificate in LoadCa(path))
        {
            certificate.Dispose();
        }
    });

    /// <summary>Why the client certificate (and its key) cannot be used, or null.</summary>
    public static string? ExplainClientCertificate(string certificatePath, string? keyPath) =>
        Explain(certificatePath, () => LoadClientCertificate(certificatePath, keyPath).Dispose());

    private static string? Explain(string path, Action load)
    {
        if (!File.Exists(path))
        {
            return $"names no file (was '{path}').";
        }

        try
        {
            load();
            return null;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return $"is not a usable PEM file (was '{path}'): {ex.Message}.";
        }
    }
}

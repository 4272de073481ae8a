using System.Security.Cryptography;

namespace EdgeVision.Contracts.Configuration;

/// <summary>Explains why a configured PEM file (a CA, a certificate, a key) cannot be used, for a start-up error that names its key.</summary>
public static class PemFile
{
    /// <summary>Why <paramref name="load"/> cannot read <paramref name="path"/> (as <paramref name="what"/>), or null when it can.</summary>
    public static string? Unusable(string path, Action load, string what = "PEM file")
    {
        ArgumentNullException.ThrowIfNull(load);
        try
        {
            load();
            return null;
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return $"names no file (was '{path}').";
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException or ArgumentException)
        {
            return $"is not a usable {what} (was '{path}'): {ex.Message.TrimEnd('.')}.";
        }
    }
}

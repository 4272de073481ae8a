using EdgeVision.Contracts.Topics;

namespace EdgeVision.Silo.Grains;

/// <summary>
/// The string key of a camera's grain: <c>{site}/{camera}</c>. Both ids follow <see cref="Identifiers"/>,
/// so '/' cannot appear inside either and the key parses back unambiguously.
/// </summary>
internal static class CameraKey
{
    public static string Format(string site, string camera) =>
        $"{Identifiers.Require(site, nameof(site))}/{Identifiers.Require(camera, nameof(camera))}";

    public static bool TryParse(string? key, out string site, out string camera)
    {
        site = camera = string.Empty;
        var slash = key?.IndexOf('/') ?? -1;
        if (key is null || slash < 0)
        {
            return false;
        }

        var siteId = key[..slash];
        var cameraId = key[(slash + 1)..];
        if (!Identifiers.IsValid(siteId) || !Identifiers.IsValid(cameraId))
        {
            return false;
        }

        (site, camera) = (siteId, cameraId);
        return true;
    }
}

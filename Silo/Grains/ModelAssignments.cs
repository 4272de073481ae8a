using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Topics;

namespace EdgeVision.Silo.Grains;

/// <summary>
/// Which model serves each camera: the camera's own entry of <c>Silo:Cameras:Models</c> (<c>{site}/{camera}</c>), else its
/// site's (<c>{site}/*</c>), else <c>Silo:Cameras:DefaultModel</c>. Immutable; a configuration reload makes a new one.
/// </summary>
internal sealed class ModelAssignments
{
    /// <summary>The camera part of a key that assigns a model to every camera of a site.</summary>
    public const string AnyCamera = "*";

    private readonly Dictionary<string, string> _cameras = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _sites = new(StringComparer.Ordinal);

    /// <param name="defaultModel">The model of cameras no entry names.</param>
    /// <param name="models">Entries keyed <c>{site}/{camera}</c> or <c>{site}/*</c>, already valid (<see cref="Validate"/>).</param>
    public ModelAssignments(string defaultModel, IReadOnlyDictionary<string, string> models)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(defaultModel);
        ArgumentNullException.ThrowIfNull(models);
        Default = defaultModel;
        foreach (var (key, model) in models)
        {
            if (TrySite(key, out var site))
            {
                _sites[site] = model;
            }
            else if (CameraKey.TryParse(key, out _, out _))
            {
                _cameras[key] = model;
            }
            else
            {
                throw new ArgumentException($"'{key}' is neither {{site}}/{{camera}} nor {{site}}/{AnyCamera}.", nameof(models));
            }
        }
    }

    public string Default { get; }

    /// <summary>Every model named: the default and each entry's, with the key that names it (for checks against the catalog).</summary>
    public IEnumerable<(string Key, string Model)> Named =>
        _cameras.Select(p => (p.Key, p.Value)).Concat(_sites.Select(p => ($"{p.Key}/{AnyCamera}", p.Value)));

    /// <summary>The model key camera <paramref name="camera"/> of site <paramref name="site"/> is served with.</summary>
    public string For(string site, string camera) =>
        _cameras.TryGetValue($"{site}/{camera}", out var model) ? model
        : _sites.TryGetValue(site, out var siteModel) ? siteModel
        : Default;

    /// <summary>Whether this assigns every camera the same model as <paramref name="other"/>.</summary>
    public bool SameAs(ModelAssignments other)
    {
        ArgumentNullException.ThrowIfNull(other);
        return Default == other.Default && Same(_cameras, other._cameras) && Same(_sites, other._sites);
    }

    /// <summary>Adds a problem for every entry of <paramref name="models"/> (the <paramref name="property"/> of <paramref name="errors"/>) that is not valid.</summary>
    public static void Validate(IReadOnlyDictionary<string, string> models, ValidationErrors errors, string property)
    {
        ArgumentNullException.ThrowIfNull(models);
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var (key, model) in models)
        {
            if (!TrySite(key, out _) && !CameraKey.TryParse(key, out _, out _))
            {
                errors.Add($"{property}:{key}", $"must be a camera ({{site}}/{{camera}}) or every camera of a site ({{site}}/{AnyCamera}), each id of letters, digits, '-' or '_'.");
            }
            else if (string.IsNullOrWhiteSpace(model))
            {
                errors.Add($"{property}:{key}", "must name a model (a key of Silo:ModelCatalog, e.g. conv3d).");
            }
        }
    }

    private static bool TrySite(string key, out string site)
    {
        site = string.Empty;
        var slash = key.IndexOf('/', StringComparison.Ordinal);
        if (slash < 0 || key[(slash + 1)..] != AnyCamera || !Identifiers.IsValid(key[..slash]))
        {
            return false;
        }

        site = key[..slash];
        return true;
    }

    private static bool Same(Dictionary<string, string> a, Dictionary<string, string> b) =>
        a.Count == b.Count && a.All(p => b.TryGetValue(p.Key, out var model) && model == p.Value);
}

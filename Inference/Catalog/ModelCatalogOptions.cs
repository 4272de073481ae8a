using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Inference.Catalog;

/// <summary>Where the model catalog finds checkpoints. The silo binds it from <c>Silo:ModelCatalog</c>.</summary>
public sealed class ModelCatalogOptions
{
    /// <summary>
    /// A folder whose checkpoints (<c>*.ckpt</c>) and model packages (<c>*.evpkg</c>, <c>edgevision models import</c>) are
    /// served under their file names without extension (<c>conv3d.ckpt</c> is "conv3d", <c>r2plus1d_18.evpkg</c> is "r2plus1d_18"). Default: the <c>models</c> folder next to the executable, where the build copies the shipped
    /// checkpoints. A missing folder is an error only when set explicitly.
    /// </summary>
    public string? Directory { get; set; }

    /// <summary>Explicit checkpoints or model packages by key; they override a file of the same key in <see cref="Directory"/>.</summary>
    public Dictionary<string, string> Checkpoints { get; set; } = [];

    /// <summary>
    /// Whether a silo watches <see cref="Directory"/> while it runs: a new or changed <c>*.ckpt</c> or <c>*.evpkg</c> there is
    /// loaded (checksum-verified) and swapped in under its key without a restart; one that cannot be loaded is refused and
    /// the version in service kept. Explicit <see cref="Checkpoints"/> are not watched.
    /// </summary>
    public bool Watch { get; set; } = true;

    /// <summary>
    /// Seconds between full rescans of <see cref="Directory"/> while watching: the fallback for file systems whose change
    /// notifications do not arrive (network mounts, Kubernetes volumes updated by symlink).
    /// </summary>
    public double RescanSeconds { get; set; } = 30;

    /// <summary>
    /// Milliseconds a changed file must stay unchanged (same length and write time) before it is loaded, so a file still
    /// being copied is not read half-written. Copying to another name and renaming into place avoids the wait's guesswork.
    /// </summary>
    public int SettleMilliseconds { get; set; } = 1000;

    /// <summary>The shipped models folder used when <see cref="Directory"/> is not set.</summary>
    public static string ShippedDirectory => Path.Combine(AppContext.BaseDirectory, "models");

    /// <summary>Every problem with these options, each naming its key under <paramref name="section"/> (bare when empty).</summary>
    public IReadOnlyList<string> Validate(string section = "")
    {
        var errors = new ValidationErrors(section);
        if (Directory is not null && !System.IO.Directory.Exists(Directory))
        {
            errors.Add(nameof(Directory), $"must name an existing folder (was '{Directory}').");
        }

        errors.Range(nameof(RescanSeconds), RescanSeconds, 0.1, 86_400);
        errors.Range(nameof(SettleMilliseconds), SettleMilliseconds, 0, 600_000);
        foreach (var (key, path) in Checkpoints)
        {
            if (string.IsNullOrWhiteSpace(key))
            {
                errors.Add(nameof(Checkpoints), "keys must not be empty.");
            }
            else if (!File.Exists(path))
            {
                errors.Add($"{nameof(Checkpoints)}:{key}", $"must name an existing checkpoint file or model package (was '{path}').");
            }
        }

        return errors.Errors;
    }
}

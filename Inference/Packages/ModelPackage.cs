using System.IO.Compression;
using System.Security.Cryptography;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeVision.Inference.Checkpoints;

namespace EdgeVision.Inference.Packages;

/// <summary>
/// One-file model packages (<c>*.evpkg</c>): a zip archive holding <c>manifest.json</c> (<see cref="ModelManifest"/>) and
/// the model file, <c>model.onnx</c> or <c>model.pt</c>. Opening one checks the manifest and the model file's SHA-256
/// against it, so a damaged or altered package is refused with the reason.
/// </summary>
public static class ModelPackage
{
    /// <summary>The package layout this build writes; it reads this version and older.</summary>
    public const int FormatVersion = 1;

    /// <summary>The file extension of model packages in a model directory.</summary>
    public const string Extension = ".evpkg";

    internal const string ManifestEntry = "manifest.json";

    internal static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>The archive entry that holds a model of <paramref name="format"/>.</summary>
    public static string ModelEntry(ModelFormat format) => format switch
    {
        ModelFormat.Onnx => "model.onnx",
        ModelFormat.TorchScript => "model.pt",
        _ => throw new ArgumentException($"A package holds an ONNX or TorchScript model, not a {format}.", nameof(format)),
    };

    /// <summary>Whether <paramref name="path"/> names a model package (by its extension).</summary>
    public static bool IsPackage(string path) => string.Equals(Path.GetExtension(path), Extension, StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Writes a package of <paramref name="modelFile"/> described by <paramref name="manifest"/> to <paramref name="path"/>
    /// (atomically), recording the file's SHA-256 in the manifest. Returns the manifest as written.
    /// </summary>
    /// <exception cref="ArgumentException">The manifest has problems; each is named.</exception>
    public static ModelManifest Write(string path, ModelManifest manifest, string modelFile)
    {
        ArgumentNullException.ThrowIfNull(manifest);
        manifest = manifest with { FormatVersion = FormatVersion, Sha256 = Sha256Of(modelFile) };
        if (manifest.Problems() is { Count: > 0 } problems)
        {
            throw new ArgumentException($"The manifest for '{path}' cannot be served: {string.Join(" ", problems)}");
        }

        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var archive = ZipFile.Open(temporary, ZipArchiveMode.Create))
            {
                using (var stream = archive.CreateEntry(ManifestEntry, CompressionLevel.Optimal).Open())
                {
                    JsonSerializer.Serialize(stream, manifest, Json);
                }

                // Float weights barely compress; storing them keeps import and load fast.
                archive.CreateEntryFromFile(modelFile, ModelEntry(manifest.Format), CompressionLevel.NoCompression);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }

        return manifest;
    }

    /// <summary>Reads and checks the manifest of the package at <paramref name="path"/>, without reading the model file.</summary>
    /// <exception cref="CheckpointFormatException">Not a package, a newer format, or a manifest that cannot be served.</exception>
    public static ModelManifest ReadManifest(string path)
    {
        using var archive = OpenArchive(path);
        return ReadManifest(path, archive);
    }

    /// <summary>The package's manifest and its model file's bytes, the file's SHA-256 checked against the manifest.</summary>
    /// <exception cref="CheckpointFormatException">Not a package, a bad manifest or a missing model file.</exception>
    /// <exception cref="ModelChecksumException">The model file's SHA-256 is not the manifest's.</exception>
    public static (ModelManifest Manifest, byte[] Model) Open(string path)
    {
        using var archive = OpenArchive(path);
        var manifest = ReadManifest(path, archive);
        var name = ModelEntry(manifest.Format);
        var entry = archive.GetEntry(name) ?? throw new CheckpointFormatException($"'{path}' has no {name} (its manifest says {manifest.Format}).");
        var model = new byte[entry.Length];
        using (var stream = entry.Open())
        {
            stream.ReadExactly(model);
        }

        var actual = Convert.ToHexStringLower(SHA256.HashData(model));
        return string.Equals(actual, manifest.Sha256, StringComparison.OrdinalIgnoreCase)
            ? (manifest, model)
            : throw new ModelChecksumException(
                $"'{path}': {name} has SHA-256 {actual} but the manifest says {manifest.Sha256}: the model file was changed or damaged after import. Import it again.");
    }

    /// <summary>The manifest as <c>manifest.json</c> holds it.</summary>
    public static string ToJson(ModelManifest manifest) => JsonSerializer.Serialize(manifest, Json);

    /// <summary>
    /// The manifest of a model file the catalog serves: a package's own, or a checkpoint's in the same vocabulary
    /// (<see cref="ModelManifest.ForCheckpoint"/>), without loading the model.
    /// </summary>
    /// <exception cref="CheckpointFormatException">Not a readable package or checkpoint.</exception>
    public static ModelManifest Describe(string path) =>
        IsPackage(path) ? ReadManifest(path) : Checkpoint.ReadModelManifest(path, Path.GetFileNameWithoutExtension(path));

    /// <summary>Lower-case hex SHA-256 of a file.</summary>
    public static string Sha256Of(string file)
    {
        using var stream = File.OpenRead(file);
        return Convert.ToHexStringLower(SHA256.HashData(stream));
    }

    private static ZipArchive OpenArchive(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new CheckpointFormatException($"'{path}' is not a model package: {e.Message}", e);
        }
    }

    private static ModelManifest ReadManifest(string path, ZipArchive archive)
    {
        var entry = archive.GetEntry(ManifestEntry) ?? throw new CheckpointFormatException($"'{path}' has no {ManifestEntry}.");
        ModelManifest? manifest;
        try
        {
            using var stream = entry.Open();
            manifest = JsonSerializer.Deserialize<ModelManifest>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException($"'{path}' has an unreadable manifest: {e.Message}", e);
        }

        if (manifest is null)
        {
            throw new CheckpointFormatException($"'{path}' has an empty manifest.");
        }

        if (manifest.FormatVersion is < 1 or > FormatVersion)
        {
            throw new CheckpointFormatException($"'{path}' has format version {manifest.FormatVersion}; this build reads versions 1 to {FormatVersion}.");
        }

        if (manifest.Format == ModelFormat.Checkpoint)
        {
            throw new CheckpointFormatException($"'{path}': a package holds an ONNX or TorchScript model; an EdgeVision checkpoint is served as its .ckpt file.");
        }

        return manifest.Problems() is { Count: > 0 } problems
            ? throw new CheckpointFormatException($"'{path}' has a manifest that cannot be served: {string.Join(" ", problems)}")
            : manifest;
    }
}

using System.IO.Compression;
using System.Text.Json;
using System.Text.Json.Serialization;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Classes;
using EdgeVision.Inference.Models;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Checkpoints;

/// <summary>
/// One-file checkpoints: a zip archive holding <c>manifest.json</c> (format version, model kind, fusion mode,
/// <see cref="VideoModelConfig"/>, label names, <see cref="CheckpointMetadata"/>) and <c>weights.safetensors</c>
/// (the module's state dict). Loading rebuilds the model from the manifest and compares every weight name,
/// shape and dtype with it before copying, so a mismatch is reported precisely.
/// </summary>
public static class Checkpoint
{
    /// <summary>The archive layout this build writes; it reads this version and older.</summary>
    public const int FormatVersion = 1;

    internal const string ManifestEntry = "manifest.json";
    internal const string WeightsEntry = "weights.safetensors";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
    };

    /// <summary>
    /// Writes <paramref name="model"/> to <paramref name="path"/> (atomically: a partial file never replaces a good one).
    /// <paramref name="labels"/> default to <see cref="ClassLabels.Defaults"/>.
    /// </summary>
    public static void Save(string path, IVideoModel model, CheckpointMetadata metadata, IReadOnlyList<string>? labels = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(metadata);
        labels ??= ClassLabels.Defaults(model.Config.NumClasses);
        if (labels.Count != model.Config.NumClasses)
        {
            throw new ArgumentException($"{labels.Count} labels given for a model with {model.Config.NumClasses} classes.", nameof(labels));
        }

        var fusion = model is HybridVideoModel hybrid ? hybrid.Fusion : FusionMode.Weighted;
        var manifest = new CheckpointManifest(FormatVersion, model.Kind, fusion, model.Config, labels.ToArray(), metadata);
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var archive = ZipFile.Open(temporary, ZipArchiveMode.Create))
            {
                using (var stream = archive.CreateEntry(ManifestEntry, CompressionLevel.Optimal).Open())
                {
                    JsonSerializer.Serialize(stream, manifest, Json);
                }

                // Float weights barely compress; storing them keeps save and load fast.
                using var weights = archive.CreateEntry(WeightsEntry, CompressionLevel.NoCompression).Open();
                SafetensorsCodec.Write(weights, model.Module.state_dict());
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>
    /// Replaces the metadata of the checkpoint at <paramref name="path"/> (atomically), copying its weights entry byte for
    /// byte: an evaluation can record what it measured without touching the weights.
    /// </summary>
    /// <exception cref="CheckpointFormatException">Not a checkpoint, a newer format, or an invalid manifest.</exception>
    public static void WriteMetadata(string path, CheckpointMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        CheckpointManifest manifest;
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            using (var source = OpenArchive(path))
            {
                manifest = ReadManifest(path, source) with { Metadata = metadata };
                var weights = source.GetEntry(WeightsEntry) ?? throw new CheckpointFormatException($"'{path}' has no {WeightsEntry}.");
                using var archive = ZipFile.Open(temporary, ZipArchiveMode.Create);
                using (var stream = archive.CreateEntry(ManifestEntry, CompressionLevel.Optimal).Open())
                {
                    JsonSerializer.Serialize(stream, manifest, Json);
                }

                using var input = weights.Open();
                using var output = archive.CreateEntry(WeightsEntry, CompressionLevel.NoCompression).Open();
                input.CopyTo(output);
            }

            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
    }

    /// <summary>Reads only the manifest of the checkpoint at <paramref name="path"/>: its metadata, without building the model.</summary>
    /// <exception cref="CheckpointFormatException">Not a checkpoint, a newer format, or an invalid manifest.</exception>
    public static CheckpointMetadata ReadMetadata(string path)
    {
        using var archive = OpenArchive(path);
        return ReadManifest(path, archive).Metadata;
    }

    /// <summary>The checkpoint's manifest in the vocabulary model packages use, without building the model.</summary>
    /// <exception cref="CheckpointFormatException">Not a checkpoint, a newer format, or an invalid manifest.</exception>
    public static Packages.ModelManifest ReadModelManifest(string path, string name)
    {
        using var archive = OpenArchive(path);
        var manifest = ReadManifest(path, archive);
        return Packages.ModelManifest.ForCheckpoint(name, manifest.Config, manifest.Labels, manifest.Metadata);
    }

    /// <summary>Rebuilds the model a checkpoint describes and loads its weights (on the CPU).</summary>
    /// <exception cref="CheckpointFormatException">Not a checkpoint, a newer format, or an invalid manifest.</exception>
    /// <exception cref="CheckpointMismatchException">The weights do not fit the configuration; each difference is named.</exception>
    public static LoadedCheckpoint Load(string path)
    {
        using var archive = OpenArchive(path);
        var manifest = ReadManifest(path, archive);
        var model = Build(path, manifest.Kind, manifest.Config, manifest.Fusion, manifest.Labels);
        try
        {
            var entry = archive.GetEntry(WeightsEntry) ?? throw new CheckpointFormatException($"'{path}' has no {WeightsEntry}.");
            using var buffer = new MemoryStream();
            using (var weights = entry.Open())
            {
                weights.CopyTo(buffer);
            }

            using var scope = NewDisposeScope();
            LoadWeights(path, model, SafetensorsCodec.Read(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
            return new LoadedCheckpoint(model, manifest.Fusion, manifest.Labels, manifest.Metadata);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Builds <paramref name="kind"/> from <paramref name="config"/> and loads a PyTorch <c>state_dict</c> saved with
    /// <c>torch.save(model.state_dict(), path)</c>. The Python model must use this model's parameter names
    /// (e.g. <c>cells.0.gates.weight</c>); names and shapes are checked before anything is copied.
    /// </summary>
    public static LoadedCheckpoint ImportPyTorchStateDict(
        string path,
        string kind,
        VideoModelConfig config,
        IReadOnlyList<string>? labels = null,
        FusionMode fusion = FusionMode.Weighted,
        CheckpointMetadata? metadata = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        labels ??= ClassLabels.Defaults(config.NumClasses);
        metadata ??= new CheckpointMetadata($"pytorch:{Path.GetFileName(path)}", File.GetLastWriteTimeUtc(path));
        var model = Build(path, kind, config, fusion, labels);
        try
        {
            using var scope = NewDisposeScope();
            LoadWeights(path, model, PyTorchStateDictReader.Read(path));
            return new LoadedCheckpoint(model, fusion, labels, metadata);
        }
        catch
        {
            model.Dispose();
            throw;
        }
    }

    private static ZipArchive OpenArchive(string path)
    {
        try
        {
            return ZipFile.OpenRead(path);
        }
        catch (InvalidDataException e)
        {
            throw new CheckpointFormatException($"'{path}' is not a checkpoint archive: {e.Message}", e);
        }
    }

    private static CheckpointManifest ReadManifest(string path, ZipArchive archive)
    {
        var entry = archive.GetEntry(ManifestEntry) ?? throw new CheckpointFormatException($"'{path}' has no {ManifestEntry}.");
        CheckpointManifest? manifest;
        try
        {
            using var stream = entry.Open();
            manifest = JsonSerializer.Deserialize<CheckpointManifest>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new CheckpointFormatException($"'{path}' has an unreadable manifest: {e.Message}", e);
        }

        if (manifest is null || manifest.Config is null || manifest.Kind is null || manifest.Labels is null || manifest.Metadata is null)
        {
            throw new CheckpointFormatException($"'{path}' has an incomplete manifest (kind, config, labels and metadata are required).");
        }

        if (manifest.Metadata.AccuracyGrid?.Explain() is { } grid)
        {
            throw new CheckpointFormatException($"'{path}' has an accuracy grid that {grid}.");
        }

        return manifest.FormatVersion is < 1 or > FormatVersion
            ? throw new CheckpointFormatException($"'{path}' has format version {manifest.FormatVersion}; this build reads versions 1 to {FormatVersion}.")
            : manifest;
    }

    private static IVideoModel Build(string path, string kind, VideoModelConfig config, FusionMode fusion, IReadOnlyList<string> labels)
    {
        if (labels.Count != config.NumClasses)
        {
            throw new CheckpointFormatException($"'{path}': {labels.Count} labels for {config.NumClasses} classes (Model:NumClasses).");
        }

        try
        {
            return VideoModelFactory.Create(kind, config, fusion);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointFormatException($"'{path}': {e.Message}", e);
        }
    }

    private static void LoadWeights(string source, IVideoModel model, Dictionary<string, Tensor> weights)
    {
        var differences = WeightsComparison.Differences(model.Module.state_dict(), weights);
        if (differences.Count > 0)
        {
            throw new CheckpointMismatchException(source, model.Kind, differences);
        }

        model.Module.load_state_dict(weights, strict: true);
    }
}

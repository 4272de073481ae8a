using EdgeVision.Inference.Packages;
using EdgeVision.Inference.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeVision.Inference.Catalog;

/// <summary>
/// Serves models by key: every checkpoint (<c>*.ckpt</c>) and model package (<c>*.evpkg</c>) of the models folder (the
/// shipped checkpoints by default) plus explicitly configured ones, each loaded once at start into an
/// <see cref="IModelSession"/> (TorchSharp for checkpoints and TorchScript packages, ONNX Runtime for ONNX packages). <see cref="Load"/>
/// swaps a new version in; the replaced model is disposed only after the last lease on it closes, so batches
/// already running on it finish. Thread-safe.
/// </summary>
public sealed partial class ModelCatalog : IModelCatalog, IDisposable
{
    private readonly Lock gate = new();
    private readonly Dictionary<string, ServedModel> models = new(StringComparer.OrdinalIgnoreCase);
    private readonly InferenceSessionOptions sessionOptions;
    private readonly ILoggerFactory loggerFactory;
    private readonly ILogger<ModelCatalog> logger;
    private bool disposed;

    public ModelCatalog(IOptions<ModelCatalogOptions> options, IOptions<InferenceSessionOptions> sessionOptions, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(sessionOptions);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var catalog = options.Value;
        var errors = catalog.Validate().Concat(sessionOptions.Value.Validate()).ToArray();
        if (errors.Length > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        this.sessionOptions = sessionOptions.Value;
        this.loggerFactory = loggerFactory;
        logger = loggerFactory.CreateLogger<ModelCatalog>();
        var directory = catalog.Directory ?? ModelCatalogOptions.ShippedDirectory;
        var files = Directory.Exists(directory) ? Newest(directory) : new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, path) in catalog.Checkpoints)
        {
            files[key] = path;
        }

        try
        {
            foreach (var (key, path) in files)
            {
                Load(key, path);
            }
        }
        catch
        {
            Dispose();
            throw;
        }

        if (models.Count == 0)
        {
            LogEmpty(logger, directory);
        }
    }

    public IReadOnlyCollection<string> Keys
    {
        get
        {
            lock (gate)
            {
                return models.Keys.Order(StringComparer.Ordinal).ToArray();
            }
        }
    }

    public bool Contains(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        lock (gate)
        {
            return models.ContainsKey(key);
        }
    }

    public ModelDescription Describe(string key)
    {
        lock (gate)
        {
            return Find(key).Description;
        }
    }

    public string Load(string key, string checkpointPath)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(key);
        ArgumentException.ThrowIfNullOrWhiteSpace(checkpointPath);
        // Digest first: a file changed while it loads then differs from the digest recorded, and a watcher loads it again.
        var digest = ModelPackage.Sha256Of(checkpointPath);
        var (session, opened) = ModelLoader.Open(key, checkpointPath, sessionOptions, loggerFactory);
        var description = opened with { FileSha256 = digest };
        ServedModel? replaced;
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            if (models.TryGetValue(key, out replaced) && replaced.Description.Config.InputChannels != description.Config.InputChannels)
            {
                session.Dispose();
                throw new ArgumentException(
                    $"'{checkpointPath}' takes {description.Config.InputChannels} channels; model '{key}' (version {replaced.Description.Version}) takes {replaced.Description.Config.InputChannels}, so queued requests could not run on it.",
                    nameof(checkpointPath));
            }

            models[key] = new ServedModel(session, description);
        }

        if (replaced is null)
        {
            LogLoaded(logger, key, description.Kind, description.Version, description.CheckpointPath);
        }
        else
        {
            LogSwapped(logger, key, replaced.Description.Version, description.Version, description.CheckpointPath);
            replaced.Release();
        }

        return description.Version;
    }

    public ModelLease Acquire(string key)
    {
        lock (gate)
        {
            ObjectDisposedException.ThrowIf(disposed, this);
            var model = Find(key);

            // The catalog's own reference keeps a served model alive while it is in the table, so this holds.
            return model.TryAddReference() ? new ModelLease(model) : throw new InvalidOperationException($"Model '{key}' was disposed while served.");
        }
    }

    /// <summary>Releases every model; models with open leases are disposed when their last lease closes.</summary>
    public void Dispose()
    {
        ServedModel[] served;
        lock (gate)
        {
            if (disposed)
            {
                return;
            }

            disposed = true;
            served = [.. models.Values];
            models.Clear();
        }

        foreach (var model in served)
        {
            model.Release();
        }
    }

    /// <summary>Whether <paramref name="path"/> is a file the catalog serves from its directory: a checkpoint or a model package.</summary>
    public static bool IsModelFile(string path) =>
        string.Equals(Path.GetExtension(path), ".ckpt", StringComparison.OrdinalIgnoreCase) || ModelPackage.IsPackage(path);

    // One file per key: where a checkpoint and a package share a name (a package dropped in to replace a checkpoint while the
    // silo ran, which served it from then on), the one written last.
    private Dictionary<string, string> Newest(string directory)
    {
        var files = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var group in Directory.EnumerateFiles(directory).Where(IsModelFile).GroupBy(p => Path.GetFileNameWithoutExtension(p)!, StringComparer.OrdinalIgnoreCase))
        {
            var ordered = group.OrderByDescending(File.GetLastWriteTimeUtc).ThenBy(p => p, StringComparer.Ordinal).ToArray();
            files[group.Key] = ordered[0];
            if (ordered.Length > 1)
            {
                LogSameName(logger, group.Key, ordered[0], string.Join(", ", ordered.Skip(1)));
            }
        }

        return files;
    }

    private ServedModel Find(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        return models.TryGetValue(key, out var model)
            ? model
            : throw new ArgumentException($"No model '{key}' in the catalog; known: {(models.Count == 0 ? "none" : string.Join(", ", models.Keys.Order(StringComparer.Ordinal)))}.", nameof(key));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Key} ({Kind}) version {Version} loaded from {Path}")]
    private static partial void LogLoaded(ILogger logger, string key, string kind, string version, string path);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Key} swapped from version {OldVersion} to {NewVersion} ({Path}); the old version finishes its running batches")]
    private static partial void LogSwapped(ILogger logger, string key, string oldVersion, string newVersion, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Several model files are named {Key}: serving {Path}, the one written last, and not {Others}")]
    private static partial void LogSameName(ILogger logger, string key, string path, string others);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The model catalog is empty: no *.ckpt or *.evpkg in {Directory} and no Silo:ModelCatalog:Checkpoints configured")]
    private static partial void LogEmpty(ILogger logger, string directory);
}

using EdgeVision.Inference.Catalog;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Packages;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeVision.Silo.Models;

/// <summary>
/// Keeps the silo's model catalog in step with its model directory (<c>Silo:ModelCatalog:Directory</c>) while the silo runs: a
/// new or changed checkpoint or model package is loaded under its key (its file name) once it has stopped changing for
/// <c>SettleMilliseconds</c>, checksum-verified, and swapped in; batches already running finish on the old version, which is
/// disposed after the last one. A file that cannot be loaded is refused with a log line and a counted reason, and the
/// version in service stays. Change notifications (<see cref="FileSystemWatcher"/>) start a look; a full rescan every
/// <c>RescanSeconds</c> catches what notifications miss. A file whose content (SHA-256) is the one served is left alone; a
/// deleted file leaves its model served. Keys configured explicitly (<c>Silo:ModelCatalog:Checkpoints</c>) are not watched.
/// </summary>
internal sealed partial class ModelDirectoryWatcher : IDisposable
{
    private readonly Lock _scanGate = new();
    private readonly IModelCatalog _catalog;
    private readonly ModelCatalogOptions _options;
    private readonly ModelInstruments _instruments;
    private readonly TimeProvider _time;
    private readonly ILogger<ModelDirectoryWatcher> _logger;
    private readonly Dictionary<string, FileStamp> _seen = new(StringComparer.Ordinal);
    private readonly Dictionary<string, (FileStamp Stamp, long SeenAt)> _changing = new(StringComparer.Ordinal);
    private readonly TimeSpan _settle;
    private FileSystemWatcher? _watcher;
    private ITimer? _rescan;
    private ITimer? _settled;
    private DateTimeOffset? _lookAt;
    private bool _stopped;

    public ModelDirectoryWatcher(IModelCatalog catalog, IOptions<ModelCatalogOptions> options, ModelInstruments instruments, TimeProvider time,
        ILogger<ModelDirectoryWatcher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _options = options.Value;
        _instruments = instruments ?? throw new ArgumentNullException(nameof(instruments));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _settle = TimeSpan.FromMilliseconds(_options.SettleMilliseconds);
        Directory = Path.GetFullPath(_options.Directory ?? ModelCatalogOptions.ShippedDirectory);
    }

    /// <summary>The folder watched.</summary>
    public string Directory { get; }

    /// <summary>Starts watching (when <c>Watch</c> is on and the folder exists); the silo's inference warm-up calls it once.</summary>
    public void Start()
    {
        if (!_options.Watch || !System.IO.Directory.Exists(Directory))
        {
            return;
        }

        lock (_scanGate)
        {
            // What is there now is what the catalog loaded at start; from here on, a change is a new version.
            foreach (var path in ModelFiles())
            {
                _seen[path] = FileStamp.Of(path);
            }
        }

        _settled = _time.CreateTimer(static state => ((ModelDirectoryWatcher)state!).OnLookDue(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        var every = TimeSpan.FromSeconds(_options.RescanSeconds);
        _rescan = _time.CreateTimer(static state => ((ModelDirectoryWatcher)state!).Scan(), this, every, every);
        var watcher = new FileSystemWatcher(Directory)
        {
            NotifyFilter = NotifyFilters.FileName | NotifyFilters.LastWrite | NotifyFilters.Size,
            IncludeSubdirectories = false,
        };
        watcher.Created += OnChanged;
        watcher.Changed += OnChanged;
        watcher.Renamed += OnChanged;
        watcher.Error += (_, e) => LogWatchError(_logger, e.GetException(), Directory);
        try
        {
            watcher.EnableRaisingEvents = true;
            _watcher = watcher;
        }
        catch (IOException e)
        {
            // E.g. the user's inotify instances are used up: the rescan alone finds new versions, later.
            watcher.Dispose();
            LogWatchError(_logger, e, Directory);
        }

        LogWatching(_logger, Directory, _options.RescanSeconds);
    }

    public void Dispose()
    {
        lock (_scanGate)
        {
            _stopped = true;
        }

        _watcher?.Dispose();
        _rescan?.Dispose();
        _settled?.Dispose();
    }

    /// <summary>
    /// Looks at every model file of the directory once: loads each that changed and has settled, and schedules another look
    /// for one still changing. Serialised; the watcher's timers call it, and tests do.
    /// </summary>
    public void Scan()
    {
        lock (_scanGate)
        {
            if (_stopped)
            {
                return;
            }

            TimeSpan? settlesIn = null;
            foreach (var path in ModelFiles())
            {
                FileStamp stamp;
                try
                {
                    stamp = FileStamp.Of(path);
                }
                catch (IOException)
                {
                    continue; // gone since it was listed
                }

                if (_seen.TryGetValue(path, out var seen) && seen == stamp)
                {
                    _changing.Remove(path);
                    continue;
                }

                var now = _time.GetTimestamp();
                if (!_changing.TryGetValue(path, out var changing) || changing.Stamp != stamp)
                {
                    _changing[path] = (stamp, now);
                    changing = (stamp, now);
                }

                var unchangedFor = _time.GetElapsedTime(changing.SeenAt, now);
                if (unchangedFor < _settle)
                {
                    var left = _settle - unchangedFor;
                    settlesIn = settlesIn is { } earlier && earlier < left ? earlier : left;
                    continue;
                }

                _changing.Remove(path);
                _seen[path] = stamp;
                Refresh(Path.GetFileNameWithoutExtension(path), path);
            }

            if (settlesIn is { } due)
            {
                LookIn(due);
            }
        }
    }

    private void OnChanged(object sender, FileSystemEventArgs e)
    {
        if (ModelCatalog.IsModelFile(e.FullPath))
        {
            lock (_scanGate)
            {
                // A look once the settle time has passed; it finds what changed, and looks again for what is still changing.
                if (!_stopped)
                {
                    LookIn(_settle);
                }
            }
        }
    }

    // Under the scan gate: a look after due, unless one is planned sooner.
    private void LookIn(TimeSpan due)
    {
        var now = _time.GetUtcNow();
        if (_lookAt is { } planned && planned >= now && planned <= now + due)
        {
            return;
        }

        _lookAt = now + due;
        _settled?.Change(due, Timeout.InfiniteTimeSpan);
    }

    private void OnLookDue()
    {
        lock (_scanGate)
        {
            _lookAt = null;
        }

        Scan();
    }

    private IEnumerable<string> ModelFiles()
    {
        try
        {
            return [.. System.IO.Directory.EnumerateFiles(Directory)
                .Where(ModelCatalog.IsModelFile)
                .Where(path => !_options.Checkpoints.ContainsKey(Path.GetFileNameWithoutExtension(path)))
                .Order(StringComparer.Ordinal)];
        }
        catch (IOException e)
        {
            LogWatchError(_logger, e, Directory);
            return [];
        }
    }

    private void Refresh(string key, string path)
    {
        var served = _catalog.Contains(key) ? _catalog.Describe(key) : null;
        try
        {
            if (served is not null && string.Equals(served.FileSha256, ModelPackage.Sha256Of(path), StringComparison.Ordinal))
            {
                return; // touched or copied again, same content
            }

            var version = _catalog.Load(key, path);
            if (served is null)
            {
                LogAdded(_logger, key, version, path);
            }
            else
            {
                _instruments.Swapped(key);
            }
        }
        catch (ObjectDisposedException)
        {
            // The silo is stopping.
        }
        catch (Exception e)
        {
            var reason = Reason(e);
            _instruments.Refused(key, reason);
            LogRefused(_logger, key, path, reason, served is null ? "none" : served.Version, e.Message);
        }
    }

    private static string Reason(Exception e) => e switch
    {
        ModelChecksumException => ModelInstruments.ReasonChecksum,
        CheckpointFormatException => ModelInstruments.ReasonFormat,
        ArgumentException => ModelInstruments.ReasonIncompatible,
        IOException or UnauthorizedAccessException => ModelInstruments.ReasonUnreadable,
        // The model's own runtime refusing what the package holds (ONNX Runtime, libtorch).
        _ => ModelInstruments.ReasonFormat,
    };

    /// <summary>What says a file changed without reading it.</summary>
    private readonly record struct FileStamp(long Length, DateTime LastWriteUtc)
    {
        public static FileStamp Of(string path)
        {
            var info = new FileInfo(path);
            return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc) : throw new FileNotFoundException("Gone.", path);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Watching {Directory} for new model versions (rescanning every {RescanSeconds} s)")]
    private static partial void LogWatching(ILogger logger, string directory, double rescanSeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Model {Key} version {Version} added from {Path}")]
    private static partial void LogAdded(ILogger logger, string key, string version, string path);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Model file {Path} refused for {Key} ({Reason}); version {Served} stays in service: {Detail}")]
    private static partial void LogRefused(ILogger logger, string key, string path, string reason, string served, string detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Watching model directory {Directory} failed; the periodic rescan goes on")]
    private static partial void LogWatchError(ILogger logger, Exception? exception, string directory);
}

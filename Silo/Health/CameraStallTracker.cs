using EdgeVision.Contracts.Telemetry;
using EdgeVision.Silo.Grains;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeVision.Silo.Health;

/// <summary>
/// Which cameras hosted on this silo are stalled: sequences keep reaching the camera grain (accepted, or dropped at
/// ingest or in the engine) and none has produced a result for <see cref="CameraGrainOptions.StallSeconds"/>. Measured
/// from the first sequence after the last result, and only while sequences keep arriving: a camera none of whose
/// sequences arrived within the last StallSeconds is offline, not stalled. The camera grains report arrivals and results;
/// <see cref="CameraStallHealthCheck"/>, the <c>edgevision.silo.stalled_cameras</c> gauge and each arrival look. A
/// camera entering a stall is logged as a warning (at most one per camera per minute), one leaving it as information.
/// Thread-safe.
/// </summary>
public sealed partial class CameraStallTracker
{
    private static readonly TimeSpan WarningInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, CameraState> _cameras = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger<CameraStallTracker> _logger;
    private readonly LogRateLimiter _warnings;

    public CameraStallTracker(IOptions<CameraGrainOptions> options, TimeProvider time, ILogger<CameraStallTracker> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(logger);
        StallAfter = TimeSpan.FromSeconds(options.Value.StallSeconds);
        _time = time;
        _logger = logger;
        _warnings = new LogRateLimiter(time, WarningInterval);
    }

    /// <summary>How long a camera may receive sequences without a result (<c>Silo:Cameras:StallSeconds</c>).</summary>
    public TimeSpan StallAfter { get; }

    /// <summary>A sequence of <paramref name="camera"/> reached its grain (whatever becomes of it).</summary>
    public void Received(string camera)
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            if (!_cameras.TryGetValue(camera, out var state))
            {
                state = new CameraState();
                _cameras.Add(camera, state);
            }

            state.Since ??= now;
            state.LastReceived = now;
            state.Sequences++;
            Update(camera, state, now);
        }
    }

    /// <summary>A sequence of <paramref name="camera"/> ended without a result, for <paramref name="reason"/>.</summary>
    public void Dropped(string camera, DropReason reason)
    {
        lock (_gate)
        {
            if (_cameras.TryGetValue(camera, out var state))
            {
                var tag = reason.Tag();
                state.Drops[tag] = state.Drops.GetValueOrDefault(tag) + 1;
            }
        }
    }

    /// <summary><paramref name="camera"/> produced a result.</summary>
    public void Produced(string camera)
    {
        lock (_gate)
        {
            if (!_cameras.TryGetValue(camera, out var state))
            {
                return;
            }

            var now = _time.GetUtcNow();
            if (state.Stalled)
            {
                LogRecovered(_logger, camera, Seconds(now - state.Since!.Value));
            }

            state.Stalled = false;
            state.Since = null;
            state.Sequences = 0;
            state.Drops.Clear();
        }
    }

    /// <summary>Stops tracking <paramref name="camera"/> (its grain deactivated).</summary>
    public void Forget(string camera)
    {
        lock (_gate)
        {
            _cameras.Remove(camera);
        }
    }

    /// <summary>The stalled cameras now, longest stalled first.</summary>
    public IReadOnlyList<CameraStall> Stalled()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            List<CameraStall> stalled = [];
            foreach (var (camera, state) in _cameras)
            {
                if (Update(camera, state, now))
                {
                    stalled.Add(Describe(camera, state, now));
                }
            }

            return [.. stalled.OrderByDescending(s => s.WithoutResult).ThenBy(s => s.Camera, StringComparer.Ordinal)];
        }
    }

    /// <summary>Every camera tracked here (its sequences arrived and its grain is active), by key, and whether it is stalled now.</summary>
    public IReadOnlyList<(string Camera, bool Stalled)> Cameras()
    {
        lock (_gate)
        {
            var now = _time.GetUtcNow();
            return [.. _cameras.Select(entry => (entry.Key, Update(entry.Key, entry.Value, now))).OrderBy(c => c.Key, StringComparer.Ordinal)];
        }
    }

    private bool Update(string camera, CameraState state, DateTimeOffset now)
    {
        var receiving = now - state.LastReceived < StallAfter;
        var stalled = receiving && state.Since is { } since && now - since >= StallAfter;
        if (stalled && !state.Stalled && _warnings.ShouldLog(camera, out var suppressed))
        {
            LogStalled(_logger, camera, Describe(camera, state, now).Summary, Seconds(StallAfter), suppressed);
        }
        else if (!stalled && state.Stalled)
        {
            LogStoppedSending(_logger, camera, Seconds(state.LastReceived - state.Since!.Value));
        }

        state.Stalled = stalled;
        return stalled;
    }

    private static CameraStall Describe(string camera, CameraState state, DateTimeOffset now) =>
        new(camera, now - state.Since!.Value, state.Sequences, new Dictionary<string, int>(state.Drops, StringComparer.Ordinal));

    private static double Seconds(TimeSpan span) => Math.Round(span.TotalSeconds, 1);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {Camera} stalled: sequences keep arriving and none produced a result (Silo:Cameras:StallSeconds {StallSeconds}): {Stall} ({Suppressed} stalls of it not logged since the last line)")]
    private static partial void LogStalled(ILogger logger, string camera, string stall, double stallSeconds, long suppressed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {Camera} recovered: a result after {Seconds} s without one")]
    private static partial void LogRecovered(ILogger logger, string camera, double seconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {Camera} stopped sending while stalled (no result in its last {Seconds} s of sequences); it is offline, no longer counted as stalled")]
    private static partial void LogStoppedSending(ILogger logger, string camera, double seconds);

    private sealed class CameraState
    {
        /// <summary>The first arrival since the last result; null right after a result.</summary>
        public DateTimeOffset? Since { get; set; }

        public DateTimeOffset LastReceived { get; set; }

        /// <summary>Sequences since the last result, and how those that ended did (by drop reason).</summary>
        public int Sequences { get; set; }

        public Dictionary<string, int> Drops { get; } = new(StringComparer.Ordinal);

        public bool Stalled { get; set; }
    }
}

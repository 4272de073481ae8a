using EdgeVision.Contracts.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Inference.Control;

/// <summary>
/// Keeps p95 end-to-end latency under the target by turning one knob at a time. Overload (p95 over the target,
/// stale or overload drops, or a backlog of more than a few batches) moves down <see cref="LatencyControllerOptions.DegradeOrder"/>:
/// by default larger batches (up to MaxBatchSize), then lower resolution (down the configured scales, never below
/// MinimumSide), then more frame skipping (up to MaxFrameSkip). Sustained headroom (p95 in the lower part of the span
/// between the measured latency floor and the target, no drops, no backlog) restores in reverse order, one step at a
/// time, back to the baseline. Observations of the first <see cref="LatencyControllerOptions.WarmupSeconds"/> are ignored.
/// Hysteresis: a cooldown after every change, only observations of work accepted after the last change count (a result
/// of a sequence that queued under the old settings says nothing of the new ones), and a band between the restore and
/// overload thresholds where nothing moves. Each disabled flag of <see cref="InferenceConfig"/> keeps its knob at the baseline.
/// Clock-driven through <see cref="TimeProvider"/>; thread-safe.
/// </summary>
public sealed partial class LatencyController
{
    private readonly Lock gate = new();
    private readonly InferenceConfig config;
    private readonly LatencyControllerOptions options;
    private readonly TimeProvider time;
    private readonly ILogger logger;
    private readonly (int Width, int Height)[] resolutions;
    private readonly LoadWindow window;
    private readonly IReadOnlyList<AdaptiveKnob> knobs;
    private int resolutionStep;
    private DateTimeOffset lastChange;
    private DateTimeOffset? lastChangeAt;
    private long discounted;
    private DateTimeOffset? headroomSince;
    private DateTimeOffset? lastRestore;
    private double restoreAfterSeconds;
    private readonly DateTimeOffset warmUntil;
    private double floorMs = double.PositiveInfinity;

    public LatencyController(InferenceConfig config, AdaptiveSettings baseline, LatencyControllerOptions options, TimeProvider timeProvider, ILogger<LatencyController>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(baseline);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        var errors = config.Validate().Concat(options.Validate()).ToArray();
        if (errors.Length > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(config));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(baseline.FrameSkip, 0, nameof(baseline));
        ArgumentOutOfRangeException.ThrowIfLessThan(baseline.Width, 1, nameof(baseline));
        ArgumentOutOfRangeException.ThrowIfLessThan(baseline.Height, 1, nameof(baseline));
        this.config = config;
        this.options = options;
        time = timeProvider;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        Baseline = baseline with { BatchSize = config.EnableBatching ? Math.Clamp(baseline.BatchSize, 1, config.MaxBatchSize) : 1 };
        Current = Baseline;
        resolutions = ResolutionSteps(Baseline, options);
        knobs = options.Knobs;
        restoreAfterSeconds = options.RestoreAfterSeconds;
        window = new LoadWindow(TimeSpan.FromSeconds(options.WindowSeconds), options.MinSamples);
        lastChange = time.GetUtcNow();
        warmUntil = lastChange + TimeSpan.FromSeconds(options.WarmupSeconds);
    }

    /// <summary>Where restoring stops: the configured settings.</summary>
    public AdaptiveSettings Baseline { get; }

    /// <summary>The settings in force.</summary>
    public AdaptiveSettings Current { get; private set; }

    /// <summary>The lowest p95 measured so far (the pipeline's fixed cost), in ms; null before the first full window.</summary>
    public double? LatencyFloorMs
    {
        get
        {
            lock (gate)
            {
                return double.IsFinite(floorMs) ? floorMs : null;
            }
        }
    }

    /// <summary>The p95 under which headroom begins: <c>floor + RestoreBelowFraction x (target - floor)</c>.</summary>
    public double RestoreThresholdMs
    {
        get
        {
            lock (gate)
            {
                return RestoreThreshold();
            }
        }
    }

    /// <summary>Looks at the observations and takes at most one step; null when nothing should change now.</summary>
    public AdaptiveDecision? Evaluate()
    {
        lock (gate)
        {
            var now = time.GetUtcNow();
            window.Prune(now);
            if (now - lastChange < TimeSpan.FromSeconds(options.CooldownSeconds) || now < warmUntil)
            {
                return null;
            }

            var load = window.Summarize();
            var enough = load.Samples >= options.MinSamples;
            if (enough)
            {
                floorMs = Math.Min(floorMs, load.P95);
            }

            var backlog = load.MaxQueueDepth > options.OverloadQueueBatches * Current.BatchSize;

            // A result past the maximum is a broken budget however few there are: a slow model may finish
            // only one sequence per window, and waiting for MinSamples would then never act.
            var overMaximum = load.Max > config.MaxLatencyMs;
            if ((enough && load.P95 > config.TargetLatencyMs) || overMaximum || load.Drops > 0 || backlog)
            {
                headroomSince = null;
                return Apply(Degrade(), Describe(load, "over"), now);
            }

            var headroom = enough && load.P95 < RestoreThreshold() && load.MaxQueueDepth <= Current.BatchSize;
            if (!headroom)
            {
                headroomSince = null;
                return null;
            }

            headroomSince ??= now;
            return now - headroomSince.Value >= TimeSpan.FromSeconds(restoreAfterSeconds)
                ? Apply(Restore(), Describe(load, "well under"), now)
                : null;
        }
    }

    // Headroom is measured above the floor: a fixed cost of 70 ms against a 100 ms target leaves 30 ms, and p95 within
    // the lower 60 % of that (88 ms) is headroom, where 0.6 x 100 = 60 ms could never be reached.
    private double RestoreThreshold()
    {
        var floor = double.IsFinite(floorMs) ? Math.Min(floorMs, config.TargetLatencyMs) : 0;
        return floor + (options.RestoreBelowFraction * (config.TargetLatencyMs - floor));
    }

    private AdaptiveDecision? Apply((AdaptiveAction Action, AdaptiveSettings Next)? step, string reason, DateTimeOffset now)
    {
        if (step is not { } change)
        {
            return null;
        }

        resolutionStep += change.Action switch
        {
            AdaptiveAction.ReduceResolution => 1,
            AdaptiveAction.RestoreResolution => -1,
            _ => 0,
        };
        var decision = new AdaptiveDecision(Current, change.Next, change.Action, reason, now);
        BackOffRestoring(decision, now);
        Current = change.Next;
        lastChange = now;
        lastChangeAt = now;
        headroomSince = null;
        window.Clear();
        LogDecision(logger, decision.Action, decision.Previous, decision.Next, reason);
        return decision;
    }

    // A restore followed by overload within FlapWindowSeconds was premature: the next one waits twice as long for
    // headroom (up to MaxRestoreAfterSeconds), so a camera on the edge of capacity does not swing every few seconds. A
    // degradation long after the last restore means the load changed; the wait is back to RestoreAfterSeconds.
    private void BackOffRestoring(AdaptiveDecision decision, DateTimeOffset now)
    {
        if (!decision.IsDegradation)
        {
            lastRestore = now;
            return;
        }

        restoreAfterSeconds = lastRestore is { } restored && now - restored < TimeSpan.FromSeconds(options.FlapWindowSeconds)
            ? Math.Min(Math.Max(restoreAfterSeconds, options.RestoreAfterSeconds) * 2, Math.Max(options.MaxRestoreAfterSeconds, options.RestoreAfterSeconds))
            : options.RestoreAfterSeconds;
    }

    /// <summary>How long headroom must last now before the next restoring step (grows after restores that did not hold).</summary>
    public TimeSpan RestoreAfter
    {
        get
        {
            lock (gate)
            {
                return TimeSpan.FromSeconds(restoreAfterSeconds);
            }
        }
    }

    private string Describe(LoadWindow.Summary load, string relation) =>
        FormattableString.Invariant(
            $"p95 {load.P95:0.0} ms {relation} target {config.TargetLatencyMs:0.#} ms (max {config.MaxLatencyMs:0.#} ms, restore below {RestoreThreshold():0.#} ms, {load.Samples} samples), {load.Drops} stale/overload drops, queue up to {load.MaxQueueDepth}");
}

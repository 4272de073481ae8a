using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Inference.Checkpoints;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Inference.Control;

/// <summary>
/// Keeps p95 end-to-end latency under the target by turning one knob at a time, and only a knob that can shrink what
/// breaks the budget. Load (stale or overload drops, or a backlog of more than a few batches) may turn any knob. Latency
/// over the target (p95, or one result past the maximum) is attributed first: each result says where its time went
/// (<see cref="LatencyBreakdown"/>), and a knob moves only when the p95 of what would remain without the parts it shrinks
/// is within the target (<see cref="LatencyAttribution"/>); otherwise the cause (transport-bound, decode-bound, ...) is
/// reported in <see cref="Diagnosis"/> and the camera is left alone. Among the knobs that may move, the configured order
/// (<see cref="LatencyControllerOptions.DegradeOrder"/>) decides, except between resolution and frame skip when the model's
/// accuracy at each setting is known (<see cref="AccuracyGrid"/>): then the step that sheds the most load (pixels x
/// sequences per second) per point of accuracy lost goes first. Sustained headroom (p95 in the lower part of the span
/// between the measured latency floor and the target, no drops, no backlog) restores one step at a time, undoing the
/// steps in reverse, back to the baseline: the camera's nominal settings, which may lie above the settings it starts at
/// (a silo that took over a degraded camera). Observations of the first <see cref="LatencyControllerOptions.WarmupSeconds"/>
/// are ignored. Hysteresis: a cooldown after every change, only observations of work accepted after the last change
/// count (a result of a sequence that queued under the old settings says nothing of the new ones), and a band between
/// the restore and overload thresholds where nothing moves. Each disabled flag of <see cref="InferenceConfig"/> keeps its
/// knob at the baseline. Clock-driven through <see cref="TimeProvider"/>; thread-safe.
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
    private readonly AccuracyGrid? accuracy;
    private readonly PartFloors floors = new();
    private readonly Stack<AdaptiveKnob> steps = new();
    private DateTimeOffset lastChange;
    private DateTimeOffset? lastChangeAt;
    private long discounted;
    private DateTimeOffset? headroomSince;
    private DateTimeOffset? lastRestore;
    private double restoreAfterSeconds;
    private readonly DateTimeOffset warmUntil;
    private double floorMs = double.PositiveInfinity;
    private LatencyDiagnosis? diagnosis;

    /// <param name="baseline">The camera's nominal settings: where restoring stops.</param>
    /// <param name="current">The settings in force now, when they differ from <paramref name="baseline"/> (a camera already degraded).</param>
    /// <param name="accuracy">The model's accuracy at each resolution and frame skip; null when unknown.</param>
    public LatencyController(InferenceConfig config, AdaptiveSettings baseline, LatencyControllerOptions options, TimeProvider timeProvider,
        ILogger<LatencyController>? logger = null, AdaptiveSettings? current = null, AccuracyGrid? accuracy = null)
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

        Check(baseline, nameof(baseline));
        if (current is not null)
        {
            Check(current, nameof(current));
        }

        this.config = config;
        this.options = options;
        time = timeProvider;
        this.logger = logger ?? (ILogger)NullLogger.Instance;
        this.accuracy = accuracy;
        Baseline = baseline with { BatchSize = ClampBatch(baseline.BatchSize) };
        resolutions = ResolutionSteps(Baseline, options);
        Current = current is null ? Baseline : current with { BatchSize = ClampBatch(current.BatchSize) };
        knobs = options.Knobs;
        restoreAfterSeconds = options.RestoreAfterSeconds;
        window = new LoadWindow(TimeSpan.FromSeconds(options.WindowSeconds), options.MinSamples);
        lastChange = time.GetUtcNow();
        warmUntil = lastChange + TimeSpan.FromSeconds(options.WarmupSeconds);
    }

    /// <summary>Where restoring stops: the camera's nominal settings.</summary>
    public AdaptiveSettings Baseline { get; }

    /// <summary>The settings in force.</summary>
    public AdaptiveSettings Current { get; private set; }

    /// <summary>The model's measured top-1 accuracy at <see cref="Current"/>; null when it has no such measurement.</summary>
    public double? ExpectedAccuracy
    {
        get
        {
            lock (gate)
            {
                return AccuracyAt(Current);
            }
        }
    }

    /// <summary>What the latency was bound by when the controller last judged a full window or a breach; null before that.</summary>
    public LatencyDiagnosis? Diagnosis
    {
        get
        {
            lock (gate)
            {
                return diagnosis;
            }
        }
    }

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

            // Drops and a backlog are load: every knob sheds some of it.
            if (load.Drops > 0 || load.MaxQueueDepth > options.OverloadQueueBatches * Current.BatchSize)
            {
                headroomSince = null;
                var step = Degrade(knobs);
                var tail = LatencyAttribution.Tail(load.Latencies, config.TargetLatencyMs);
                Diagnose(LatencyCause.Overload, step is not null, load, tail, now);
                return Apply(step, $"{Describe(load, "over")}; overload", LatencyCause.Overload, now);
            }

            // A result past the maximum is a broken budget however few there are: a slow model may finish only one
            // sequence per window, and waiting for MinSamples would then never act.
            if ((enough && load.P95 > config.TargetLatencyMs) || load.Max > config.MaxLatencyMs)
            {
                headroomSince = null;
                return Breach(load, now);
            }

            var headroom = enough && load.P95 < RestoreThreshold() && load.MaxQueueDepth <= Current.BatchSize;
            if (enough)
            {
                Diagnose(LatencyCause.WithinTarget, false, load, LatencyAttribution.Tail(load.Latencies, config.TargetLatencyMs), now);
            }

            if (!headroom)
            {
                headroomSince = null;
                return null;
            }

            headroomSince ??= now;
            return now - headroomSince.Value >= TimeSpan.FromSeconds(restoreAfterSeconds)
                ? Apply(Restore(), Describe(load, "well under"), LatencyCause.WithinTarget, now)
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

    private AdaptiveDecision? Apply(Step? step, string reason, LatencyCause cause, DateTimeOffset now)
    {
        if (step is not { } change)
        {
            return null;
        }

        if (change.Next.Width != Current.Width || change.Next.Height != Current.Height)
        {
            floors.Reset();
        }

        if (change.IsDegradation)
        {
            steps.Push(change.Knob);
        }

        var decision = new AdaptiveDecision(Current, change.Next, change.Action, reason, now, cause, AccuracyAt(change.Next));
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

    private int ClampBatch(int batchSize) => config.EnableBatching ? Math.Clamp(batchSize, 1, config.MaxBatchSize) : 1;

    private static void Check(AdaptiveSettings settings, string name)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.FrameSkip, 0, name);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Width, 1, name);
        ArgumentOutOfRangeException.ThrowIfLessThan(settings.Height, 1, name);
    }

    private string Describe(LoadWindow.Summary load, string relation) =>
        FormattableString.Invariant(
            $"p95 {load.P95:0.0} ms {relation} target {config.TargetLatencyMs:0.#} ms (max {config.MaxLatencyMs:0.#} ms, restore below {RestoreThreshold():0.#} ms, {load.Samples} samples), {load.Drops} stale/overload drops, queue up to {load.MaxQueueDepth}");
}

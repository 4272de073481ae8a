using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Inference.Control;

/// <summary>How the latency controller judges load and how far it may go. The silo binds it from <c>Silo:LatencyController</c>.</summary>
public sealed class LatencyControllerOptions
{
    /// <summary>Observations older than this are forgotten, in seconds.</summary>
    public double WindowSeconds { get; set; } = 5;

    /// <summary>
    /// Latency samples needed (since the last change) before latency alone justifies a change. The latest this-many
    /// samples are kept past <see cref="WindowSeconds"/>, so a camera that yields few results (a slow model, frames
    /// skipped) is still judged, over its last results rather than never.
    /// </summary>
    public int MinSamples { get; set; } = 8;

    /// <summary>
    /// The order in which overload turns the knobs; restoring goes back in reverse. The default lowers resolution before
    /// skipping frames: a smaller frame makes each forward pass cheaper and keeps every camera's result rate, where frame
    /// skipping sheds whole sequences (a camera at skip 1 yields half the results). Each knob appears once; a knob left
    /// out, like a disabled flag of <c>InferenceConfig</c>, is never turned. Comma-separated names of <see cref="AdaptiveKnob"/>,
    /// so one environment variable or command-line value sets the whole order.
    /// </summary>
    public string DegradeOrder { get; set; } = "BatchSize,Resolution,FrameSkip";

    /// <summary><see cref="DegradeOrder"/> parsed; empty when it does not parse (<see cref="Validate"/> says why).</summary>
    public IReadOnlyList<AdaptiveKnob> Knobs
    {
        get
        {
            var names = (DegradeOrder ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
            var knobs = new List<AdaptiveKnob>();
            foreach (var name in names)
            {
                if (!Enum.TryParse<AdaptiveKnob>(name, ignoreCase: true, out var knob) || !Enum.IsDefined(knob) || knobs.Contains(knob))
                {
                    return [];
                }

                knobs.Add(knob);
            }

            return knobs;
        }
    }

    /// <summary>Least time between two changes, in seconds, so the effect of one is seen before the next.</summary>
    public double CooldownSeconds { get; set; } = 2;

    /// <summary>Headroom must last this long, in seconds, before each restoring step.</summary>
    public double RestoreAfterSeconds { get; set; } = 5;

    /// <summary>
    /// Overload within this many seconds of a restoring step means that step did not hold: the wait before the next
    /// restore doubles, up to <see cref="MaxRestoreAfterSeconds"/>. Later overload sets it back to <see cref="RestoreAfterSeconds"/>.
    /// </summary>
    public double FlapWindowSeconds { get; set; } = 30;

    /// <summary>The longest the wait before a restoring step grows to after restores that did not hold, in seconds.</summary>
    public double MaxRestoreAfterSeconds { get; set; } = 80;

    /// <summary>
    /// Headroom: p95 below <c>floor + fraction x (target - floor)</c> (with no drops and no backlog), where the floor is the
    /// lowest p95 measured so far, the pipeline's fixed cost. Measured from the floor, not from zero, so a pipeline whose
    /// fixed cost sits above <c>fraction x target</c> still restores after a transient (with no floor yet: fraction x target).
    /// </summary>
    public double RestoreBelowFraction { get; set; } = 0.6;

    /// <summary>
    /// Observations in the first this-many seconds after the controller starts (a camera's first sequence) are ignored and
    /// nothing changes: start-up transients (first forward passes, connection set-up, a burst queued meanwhile) are not load.
    /// 0 (the default) reacts from the first observation; the floor-relative restore undoes a transient's steps either way.
    /// </summary>
    public double WarmupSeconds { get; set; }

    /// <summary>Backlog: a queue deeper than this many batches counts as overload.</summary>
    public double OverloadQueueBatches { get; set; } = 2;

    /// <summary>The most frames the controller makes the edge skip between kept frames.</summary>
    public int MaxFrameSkip { get; set; } = 4;

    /// <summary>Resolution steps as fractions of the baseline size, largest first (1 = baseline). 224 gives 224, 168, 112.</summary>
    public double[] ResolutionScales { get; set; } = [1.0, 0.75, 0.5];

    /// <summary>The smallest width or height the controller asks for, in pixels.</summary>
    public int MinimumSide { get; set; } = 16;

    /// <summary>
    /// The most top-1 accuracy (a fraction: 0.05 = 5 points) a resolution or frame-skip step may cost against the camera's
    /// nominal settings, when the model's accuracy at each setting is known (its accuracy grid). Past it the controller
    /// degrades no further and load beyond capacity is shed by the engine as stale or overload drops, each counted: a
    /// result the model gets wrong most of the time is worth less than a counted drop. 1 turns the limit off; a model
    /// without a grid has none.
    /// </summary>
    public double MaxAccuracyLoss { get; set; } = 0.05;

    /// <summary>Every problem with these options, each naming its key under <paramref name="section"/> (bare when empty).</summary>
    public IReadOnlyList<string> Validate(string section = "")
    {
        var errors = new ValidationErrors(section);
        errors.Positive(nameof(WindowSeconds), WindowSeconds, 3600);
        errors.Range(nameof(MinSamples), MinSamples, 1, 100_000);
        errors.Range(nameof(CooldownSeconds), CooldownSeconds, 0, 3600);
        errors.Range(nameof(RestoreAfterSeconds), RestoreAfterSeconds, 0, 3600);
        errors.Range(nameof(FlapWindowSeconds), FlapWindowSeconds, 0, 3600);
        errors.Range(nameof(MaxRestoreAfterSeconds), MaxRestoreAfterSeconds, 0, 3600);
        errors.Range(nameof(WarmupSeconds), WarmupSeconds, 0, 3600);
        errors.Positive(nameof(RestoreBelowFraction), RestoreBelowFraction, 1);
        errors.Positive(nameof(OverloadQueueBatches), OverloadQueueBatches, 1000);
        errors.Range(nameof(MaxFrameSkip), MaxFrameSkip, 0, 1000);
        errors.Range(nameof(MinimumSide), MinimumSide, 1, 4096);
        errors.Range(nameof(MaxAccuracyLoss), MaxAccuracyLoss, 0, 1);
        if (Knobs.Count == 0)
        {
            errors.Add(nameof(DegradeOrder), $"must list, comma-separated, at least one and each at most once of {string.Join(", ", Enum.GetNames<AdaptiveKnob>())} (was '{DegradeOrder}').");
        }

        if (ResolutionScales is not { Length: > 0 } || ResolutionScales[0] != 1.0)
        {
            errors.Add(nameof(ResolutionScales), "must start with 1 (the baseline size).");
        }
        else
        {
            for (var i = 1; i < ResolutionScales.Length; i++)
            {
                if (!double.IsFinite(ResolutionScales[i]) || ResolutionScales[i] <= 0 || ResolutionScales[i] >= ResolutionScales[i - 1])
                {
                    errors.Add($"{nameof(ResolutionScales)}:{i}", $"must be greater than 0 and below the step before it (was {ResolutionScales[i]}).");
                }
            }
        }

        return errors.Errors;
    }
}

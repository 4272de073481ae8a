using Microsoft.Extensions.Logging;

namespace EdgeVision.Inference.Control;

/// <summary>
/// The steps of <see cref="LatencyController"/>: down under load, back up with headroom; the choice between resolution
/// and frame skip by their cost in accuracy; the resolution ladder; the log lines.
/// </summary>
public sealed partial class LatencyController
{
    // Degrading: the first knob in the configured order that is allowed and can still move. When that is resolution or
    // frame skip and the model's accuracy at every candidate setting is known, the quality step that sheds the most load
    // per point of accuracy lost wins instead (Chameleon and AWStream profile configurations the same way).
    private Step? Degrade(IReadOnlyCollection<AdaptiveKnob> allowed)
    {
        var candidates = knobs.Where(allowed.Contains).Select(DegradeOne).OfType<Step>().ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var quality = candidates.Where(c => c.Knob is AdaptiveKnob.Resolution or AdaptiveKnob.FrameSkip).ToList();
        if (!IsQuality(candidates[0].Knob) || quality.Count < 2)
        {
            return candidates[0];
        }

        var costs = quality.Select(c => (Step: c, Efficiency: LoadShedPerAccuracy(Current, c.Next))).ToList();
        return costs.All(c => c.Efficiency is not null) ? costs.MaxBy(c => c.Efficiency!.Value).Step : candidates[0];
    }

    // Restoring undoes the degradations in reverse. A camera that started below its baseline (no steps to undo) comes back
    // along the reverse of the configured order, or, with the accuracy known, by the step that regains the most accuracy
    // per unit of load it adds.
    private Step? Restore()
    {
        while (steps.TryPeek(out var knob))
        {
            if (RestoreOne(knob) is { } undo)
            {
                steps.Pop();
                return undo;
            }

            steps.Pop();
        }

        var candidates = knobs.Reverse().Select(RestoreOne).OfType<Step>().ToList();
        if (candidates.Count == 0)
        {
            return null;
        }

        var quality = candidates.Where(c => IsQuality(c.Knob)).ToList();
        if (!IsQuality(candidates[0].Knob) || quality.Count < 2)
        {
            return candidates[0];
        }

        var gains = quality.Select(c => (Step: c, Efficiency: LoadShedPerAccuracy(c.Next, Current))).ToList();
        return gains.All(g => g.Efficiency is not null) ? gains.MinBy(g => g.Efficiency!.Value).Step : candidates[0];
    }

    private Step? DegradeOne(AdaptiveKnob knob) => DegradeWithin(knob) is { } step && WithinAccuracyBudget(step) ? step : null;

    // A quality step whose setting is measured to cost more than MaxAccuracyLoss against the baseline is not taken.
    private bool WithinAccuracyBudget(Step step) =>
        !IsQuality(step.Knob) || AccuracyAt(Baseline) is not { } nominal || AccuracyAt(step.Next) is not { } next
        || nominal - next <= options.MaxAccuracyLoss + 1e-9;

    private Step? DegradeWithin(AdaptiveKnob knob)
    {
        switch (knob)
        {
            case AdaptiveKnob.BatchSize when config.EnableBatching && Current.BatchSize < config.MaxBatchSize:
                return new Step(knob, AdaptiveAction.IncreaseBatchSize, Current with { BatchSize = Math.Min(config.MaxBatchSize, Current.BatchSize * 2) });
            case AdaptiveKnob.FrameSkip when config.EnableFrameSkipping && Current.FrameSkip < Math.Max(options.MaxFrameSkip, Baseline.FrameSkip):
                return new Step(knob, AdaptiveAction.IncreaseFrameSkip, Current with { FrameSkip = Current.FrameSkip + 1 });
            case AdaptiveKnob.Resolution when config.EnableAdaptiveResolution && Below(Current) is var (width, height):
                return new Step(knob, AdaptiveAction.ReduceResolution, Current with { Width = width, Height = height });
            default:
                return null;
        }
    }

    private Step? RestoreOne(AdaptiveKnob knob)
    {
        switch (knob)
        {
            case AdaptiveKnob.Resolution when Above(Current) is var (width, height):
                return new Step(knob, AdaptiveAction.RestoreResolution, Current with { Width = width, Height = height });
            case AdaptiveKnob.FrameSkip when Current.FrameSkip > Baseline.FrameSkip:
                return new Step(knob, AdaptiveAction.ReduceFrameSkip, Current with { FrameSkip = Current.FrameSkip - 1 });
            case AdaptiveKnob.BatchSize when Current.BatchSize > Baseline.BatchSize:
                return new Step(knob, AdaptiveAction.ReduceBatchSize, Current with { BatchSize = Math.Max(Baseline.BatchSize, Current.BatchSize / 2) });
            default:
                return null;
        }
    }

    private static bool IsQuality(AdaptiveKnob knob) => knob is AdaptiveKnob.Resolution or AdaptiveKnob.FrameSkip;

    // Load of a setting: pixels per frame x sequences per second (a camera at frame skip k sends 1 / (k + 1) of them).
    private static double Load(AdaptiveSettings s) => (double)s.Width * s.Height / (s.FrameSkip + 1);

    // Load shed going from `higher` to `lower`, per unit of accuracy lost; +infinity when nothing is lost, null when unknown.
    private double? LoadShedPerAccuracy(AdaptiveSettings higher, AdaptiveSettings lower)
    {
        if (AccuracyAt(higher) is not { } before || AccuracyAt(lower) is not { } after)
        {
            return null;
        }

        var shed = Load(higher) - Load(lower);
        var lost = before - after;
        return lost <= 0 ? double.PositiveInfinity : shed / lost;
    }

    private double? AccuracyAt(AdaptiveSettings settings) => accuracy?.Top1(settings.Width, settings.Height, settings.FrameSkip);

    // The next step of the ladder below a size, and the nearest above it. A size between steps (one the edge was left at
    // before this controller started) goes to its neighbours on the ladder.
    private (int Width, int Height)? Below(AdaptiveSettings settings) =>
        resolutions.Cast<(int Width, int Height)?>().FirstOrDefault(r => r!.Value.Width <= settings.Width && r.Value.Height <= settings.Height
            && r.Value != (settings.Width, settings.Height));

    private (int Width, int Height)? Above(AdaptiveSettings settings) =>
        resolutions.Reverse().Cast<(int Width, int Height)?>().FirstOrDefault(r => r!.Value.Width >= settings.Width && r.Value.Height >= settings.Height
            && r.Value != (settings.Width, settings.Height));

    private static (int Width, int Height)[] ResolutionSteps(AdaptiveSettings baseline, LatencyControllerOptions options)
    {
        List<(int, int)> steps = [(baseline.Width, baseline.Height)];
        foreach (var scale in options.ResolutionScales.Skip(1))
        {
            var step = (Scale(baseline.Width, scale, options.MinimumSide), Scale(baseline.Height, scale, options.MinimumSide));
            if (step != steps[^1] && step.Item1 <= steps[^1].Item1 && step.Item2 <= steps[^1].Item2)
            {
                steps.Add(step);
            }
        }

        return [.. steps];
    }

    /// <summary>The frame sizes the controller steps through from <paramref name="nominal"/> with <paramref name="options"/>, largest first.</summary>
    public static IReadOnlyList<(int Width, int Height)> ResolutionLadder(int width, int height, LatencyControllerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return ResolutionSteps(new AdaptiveSettings(1, 0, width, height), options);
    }

    private static int Scale(int side, double scale, int minimum) =>
        Math.Min(side, Math.Max(minimum, 2 * (int)Math.Round(side * scale / 2)));

    private readonly record struct Step(AdaptiveKnob Knob, AdaptiveAction Action, AdaptiveSettings Next)
    {
        public bool IsDegradation => Action is AdaptiveAction.IncreaseBatchSize or AdaptiveAction.IncreaseFrameSkip or AdaptiveAction.ReduceResolution;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Latency controller: {Action} {Previous} -> {Next} because {Reason}")]
    private static partial void LogDecision(ILogger logger, AdaptiveAction action, AdaptiveSettings previous, AdaptiveSettings next, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Latency controller: latency is {Cause} (acting: {Acting}): {Detail}")]
    private static partial void LogCause(ILogger logger, string cause, bool acting, string detail);
}

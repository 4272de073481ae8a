using Microsoft.Extensions.Logging;

namespace EdgeVision.Inference.Control;

/// <summary>The steps of <see cref="LatencyController"/>: down under load, back up with headroom; the resolution ladder; the log line.</summary>
public sealed partial class LatencyController
{
    private (AdaptiveAction, AdaptiveSettings)? Degrade()
    {
        foreach (var knob in knobs)
        {
            if (DegradeOne(knob) is { } step)
            {
                return step;
            }
        }

        return null;
    }

    private (AdaptiveAction, AdaptiveSettings)? Restore()
    {
        for (var i = knobs.Count - 1; i >= 0; i--)
        {
            if (RestoreOne(knobs[i]) is { } step)
            {
                return step;
            }
        }

        return null;
    }

    private (AdaptiveAction, AdaptiveSettings)? DegradeOne(AdaptiveKnob knob)
    {
        switch (knob)
        {
            case AdaptiveKnob.BatchSize when config.EnableBatching && Current.BatchSize < config.MaxBatchSize:
                return (AdaptiveAction.IncreaseBatchSize, Current with { BatchSize = Math.Min(config.MaxBatchSize, Current.BatchSize * 2) });
            case AdaptiveKnob.FrameSkip when config.EnableFrameSkipping && Current.FrameSkip < Math.Max(options.MaxFrameSkip, Baseline.FrameSkip):
                return (AdaptiveAction.IncreaseFrameSkip, Current with { FrameSkip = Current.FrameSkip + 1 });
            case AdaptiveKnob.Resolution when config.EnableAdaptiveResolution && resolutionStep < resolutions.Length - 1:
                var (width, height) = resolutions[resolutionStep + 1];
                return (AdaptiveAction.ReduceResolution, Current with { Width = width, Height = height });
            default:
                return null;
        }
    }

    private (AdaptiveAction, AdaptiveSettings)? RestoreOne(AdaptiveKnob knob)
    {
        switch (knob)
        {
            case AdaptiveKnob.Resolution when resolutionStep > 0:
                var (width, height) = resolutions[resolutionStep - 1];
                return (AdaptiveAction.RestoreResolution, Current with { Width = width, Height = height });
            case AdaptiveKnob.FrameSkip when Current.FrameSkip > Baseline.FrameSkip:
                return (AdaptiveAction.ReduceFrameSkip, Current with { FrameSkip = Current.FrameSkip - 1 });
            case AdaptiveKnob.BatchSize when Current.BatchSize > Baseline.BatchSize:
                return (AdaptiveAction.ReduceBatchSize, Current with { BatchSize = Math.Max(Baseline.BatchSize, Current.BatchSize / 2) });
            default:
                return null;
        }
    }

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

    private static int Scale(int side, double scale, int minimum) =>
        Math.Min(side, Math.Max(minimum, 2 * (int)Math.Round(side * scale / 2)));

    [LoggerMessage(Level = LogLevel.Information, Message = "Latency controller: {Action} {Previous} -> {Next} because {Reason}")]
    private static partial void LogDecision(ILogger logger, AdaptiveAction action, AdaptiveSettings previous, AdaptiveSettings next, string reason);
}

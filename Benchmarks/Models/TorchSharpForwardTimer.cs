using System.Diagnostics;
using EdgeVision.Inference.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeVision.Benchmarks.Models;

/// <summary>
/// Times <see cref="VideoModelFactory"/> models' forward passes the way the silo runs them: eval mode, inference
/// mode, a dispose scope per pass, input already a tensor on the model's device; each pass ends with the logits' copy
/// to the host, which waits for a GPU to finish (on the CPU it is a no-op).
/// </summary>
internal static class TorchSharpForwardTimer
{
    /// <summary>Runs one warm-up pass, then <paramref name="repetitions"/> timed passes (or as many as fit
    /// <paramref name="budget"/> when repetitions is null, at least 3); returns the warm-up time and each timed pass.</summary>
    public static (double WarmupMs, IReadOnlyList<double> Milliseconds) Time(LatencyCase latencyCase, int? repetitions, TimeSpan budget, Device device)
    {
        using var scope = NewDisposeScope();
        manual_seed(0);
        using var model = VideoModelFactory.Create(latencyCase.Kind, latencyCase.Config());
        model.Module.to(device).eval();
        var frames = randn(new long[] { latencyCase.Batch, latencyCase.Sequence, 3, latencyCase.Side, latencyCase.Side }).to(device);
        var warmup = Pass(model, frames, latencyCase);
        var count = repetitions ?? Math.Clamp((int)(budget.TotalMilliseconds / Math.Max(warmup, 1)), 3, 9);
        var times = new double[count];
        for (var i = 0; i < count; i++)
        {
            times[i] = Pass(model, frames, latencyCase);
        }

        return (warmup, times);
    }

    private static double Pass(IVideoModel model, Tensor frames, LatencyCase latencyCase)
    {
        using var scope = NewDisposeScope();
        using var mode = inference_mode();
        var started = Stopwatch.GetTimestamp();
        var logits = model.Module.call(frames).cpu();
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        if (logits.shape[0] != latencyCase.Batch || logits.shape[1] != latencyCase.Classes)
        {
            throw new InvalidOperationException($"{latencyCase}: logits have shape [{string.Join(", ", logits.shape)}].");
        }

        return elapsed;
    }
}

using System.Diagnostics;
using EdgeVision.Inference.Runtime;

namespace EdgeVision.Benchmarks.Models;

/// <summary>Compares and times two sessions of the same model: the CPU baseline and the device under test.</summary>
internal static class DeviceAgreement
{
    /// <summary>Warm-up passes per session and batch size before timing (CUDA kernels load and cuDNN picks algorithms).</summary>
    private const int WarmupPasses = 3;

    public static AgreementResult Compare(IModelSession cpu, IModelSession device, LabelledFrames clips)
    {
        var expected = cpu.Predict(clips.Values, clips.Shape);
        var actual = device.Predict(clips.Values, clips.Shape);
        var maxDifference = 0.0;
        int agreements = 0, cpuCorrect = 0, deviceCorrect = 0;
        for (var i = 0; i < expected.Length; i++)
        {
            for (var c = 0; c < expected[i].Length; c++)
            {
                maxDifference = Math.Max(maxDifference, Math.Abs(expected[i][c] - actual[i][c]));
            }

            var (cpuTop, deviceTop) = (ArgMax(expected[i]), ArgMax(actual[i]));
            agreements += cpuTop == deviceTop ? 1 : 0;
            cpuCorrect += cpuTop == clips.Labels?[i] ? 1 : 0;
            deviceCorrect += deviceTop == clips.Labels?[i] ? 1 : 0;
        }

        return clips.Labels is null
            ? new AgreementResult(expected.Length, maxDifference, agreements, null, null)
            : new AgreementResult(expected.Length, maxDifference, agreements, cpuCorrect, deviceCorrect);
    }

    /// <summary>Times <paramref name="repetitions"/> Predict calls of each session on the first <paramref name="batch"/>
    /// clips, alternating CPU and device so both see the same machine load.</summary>
    public static DeviceTiming Time(IModelSession cpu, IModelSession device, LabelledFrames clips, int batch, int repetitions)
    {
        var (values, shape) = clips.First(batch);
        for (var i = 0; i < WarmupPasses; i++)
        {
            cpu.Predict(values, shape);
            device.Predict(values, shape);
        }

        var cpuMs = new double[repetitions];
        var deviceMs = new double[repetitions];
        for (var i = 0; i < repetitions; i++)
        {
            cpuMs[i] = Measure(cpu, values, shape);
            deviceMs[i] = Measure(device, values, shape);
        }

        return new DeviceTiming(batch, cpuMs, deviceMs);
    }

    private static double Measure(IModelSession session, ReadOnlyMemory<float> values, FrameBatchShape shape)
    {
        var started = Stopwatch.GetTimestamp();
        session.Predict(values, shape);
        return Stopwatch.GetElapsedTime(started).TotalMilliseconds;
    }

    private static int ArgMax(float[] values)
    {
        var best = 0;
        for (var i = 1; i < values.Length; i++)
        {
            best = values[i] > values[best] ? i : best;
        }

        return best;
    }
}

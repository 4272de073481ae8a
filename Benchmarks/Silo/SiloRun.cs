using System.Diagnostics;
using System.Globalization;
using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// One run of the distributed path: a fresh silo, a results subscriber and N edge agents publishing through the broker at
/// a set total rate; warm-up, measurement window, then the edges stop (flushing what they assembled) and the silo drains,
/// so every published sequence is accounted for as a result or a counted drop.
/// </summary>
internal static class SiloRun
{
    public const string Site = "bench";

    public static async Task<RunResult> RunAsync(int brokerPort, SiloMode mode, double rate, SiloBenchOptions options, CancellationToken cancellationToken)
    {
        // Stride = sequence length, so each camera's sequences/s is its fps / length.
        var fps = rate * options.SequenceLength / options.Cameras;
        await using var silo = await SiloUnderTest.StartAsync(brokerPort, mode, options, cancellationToken);
        await using var collector = await ResultCollector.StartAsync(brokerPort, Site, cancellationToken);
        var cameras = new List<EdgeCamera>(options.Cameras);
        try
        {
            // Staggered by one sequence interval of the whole site, so the cameras' sequences interleave rather than
            // arrive in bursts of N (real cameras are not frame-synchronised).
            var stagger = TimeSpan.FromSeconds(Math.Min(1 / rate, 2));
            for (var i = 0; i < options.Cameras; i++)
            {
                cameras.Add(await EdgeCamera.StartAsync(Site, i, brokerPort, fps, options, cancellationToken));
                await Task.Delay(stagger, cancellationToken);
            }

            await Task.Delay(options.Warmup, cancellationToken);
            var (from, assembledBefore, cpuBefore) = (TimeProvider.System.GetUtcNow(), Assembled(cameras), Cpu());
            var shedBefore = await SheddingAsync(silo, cameras);
            await Task.Delay(options.Measure, cancellationToken);
            var (to, assembledAfter, cpuAfter) = (TimeProvider.System.GetUtcNow(), Assembled(cameras), Cpu());
            var shedInWindow = await SheddingAsync(silo, cameras) - shedBefore;
            var load = LoadAverage();
            var settings = string.Join("; ", cameras.Select(c => c.Settings).Distinct());
            await Task.WhenAll(cameras.Select(c => c.StopAsync()));

            var published = cameras.Sum(c => c.Stats.SequencesPublished);
            var drops = new Dictionary<string, long>(StringComparer.Ordinal);
            foreach (var camera in cameras)
            {
                Add(drops, camera.FrameDrops, "edge-frames");
                Add(drops, camera.Stats.SequencesDropped, "edge-sequences");
            }

            var (processed, siloDrops) = await DrainAsync(silo, cameras, published, options, cancellationToken);
            Add(drops, siloDrops, "silo");
            var window = collector.Between(from, to);
            var seconds = (to - from).TotalSeconds;
            var latencies = window.Select(a => a.LatencyMs).Order().ToArray();
            var judged = window.Where(a => a.Result.TrueLabel is not null).ToArray();
            return new RunResult(
                mode,
                rate,
                (assembledAfter - assembledBefore) / seconds,
                window.Count / seconds,
                window.Count(a => a.LatencyMs <= options.MaxLatencyMs) / seconds,
                latencies,
                window.Count == 0 ? 0 : window.Average(a => a.Result.AdaptiveState.BatchSize),
                drops,
                published,
                collector.Count,
                published - processed - siloDrops.Values.Sum(),
                (cpuAfter - cpuBefore).TotalMilliseconds / Math.Max(1, window.Count),
                settings,
                load,
                Sizes(window.Select(a => a.Result.AdaptiveState.Width).ToArray()),
                RunResult.Median(window.Select(a => a.Result.InferenceLatencyMs)),
                shedInWindow,
                judged.Length == 0 ? null : judged.Count(a => a.Result.TopK[0].Label == a.Result.TrueLabel) / (double)judged.Length,
                judged.Length);
        }
        finally
        {
            foreach (var camera in cameras)
            {
                await camera.DisposeAsync();
            }
        }
    }

    /// <summary>Waits (bounded) until the grains have a result or a drop for every published sequence.</summary>
    private static async Task<(long Processed, Dictionary<DropReason, long> Drops)> DrainAsync(
        SiloUnderTest silo, List<EdgeCamera> cameras, long published, SiloBenchOptions options, CancellationToken cancellationToken)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            var stats = await Task.WhenAll(cameras.Select(c => silo.StatsAsync(Site, c.Camera)));
            var processed = stats.Sum(s => s.TotalSequencesProcessed);
            var drops = DropReasons.All.ToDictionary(r => r, r => stats.Sum(s => s.DropsByReason.GetValueOrDefault(r)));
            if (processed + drops.Values.Sum() >= published || deadline.Elapsed > TimeSpan.FromMilliseconds(options.MaxLatencyMs * 2) + TimeSpan.FromSeconds(10))
            {
                return (processed, drops);
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    private static string Sizes(int[] widths) => widths.Length == 0 ? "-" : string.Join(", ", widths
        .GroupBy(w => w).OrderByDescending(g => g.Key)
        .Select(g => FormattableString.Invariant($"{g.Key}: {100.0 * g.Count() / widths.Length:0} %")));

    /// <summary>Sequences the silo has shed so far (stale and overload drops), over every camera.</summary>
    private static async Task<long> SheddingAsync(SiloUnderTest silo, List<EdgeCamera> cameras)
    {
        var stats = await Task.WhenAll(cameras.Select(c => silo.StatsAsync(Site, c.Camera)));
        return stats.Sum(s => s.DropsByReason.GetValueOrDefault(DropReason.Stale) + s.DropsByReason.GetValueOrDefault(DropReason.Overload));
    }

    private static void Add(Dictionary<string, long> drops, IReadOnlyDictionary<DropReason, long> counts, string where)
    {
        foreach (var (reason, count) in counts)
        {
            if (count > 0)
            {
                var key = RunResult.Key(reason, where);
                drops[key] = drops.GetValueOrDefault(key) + count;
            }
        }
    }

    private static long Assembled(List<EdgeCamera> cameras) => cameras.Sum(c => c.Stats.SequencesAssembled);

    private static TimeSpan Cpu()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }

    private static double LoadAverage() =>
        double.Parse(File.ReadAllText("/proc/loadavg").Split(' ')[0], CultureInfo.InvariantCulture);
}

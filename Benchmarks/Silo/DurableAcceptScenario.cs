using System.Collections.Immutable;
using System.Diagnostics;
using EdgeVision.Benchmarks.Edge;
using EdgeVision.Contracts.Wire;
using EdgeVision.Silo.Grains;
using EdgeVision.Testing;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// The durable accept: what the camera grain's record of pending sequences (<c>Silo:Cluster:CameraStorage</c>)
/// costs <c>Ingest</c>. The real silo in process (<see cref="DurableAcceptSilo"/>), one caller per camera calling
/// <c>Ingest</c> back to back as an ingestion lane does, against no record (<c>None</c>, the baseline), Orleans memory
/// storage and Redis grain storage (Debian's redis-server), the modes interleaved per repeat.
/// </summary>
public sealed class DurableAcceptScenario : IScenario
{
    public string Name => "silo-durable-accept";

    public string Description => "Camera grain Ingest latency and rate with the durable pending record: None vs Memory vs Redis";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Count; i += 2)
        {
            values[args[i].TrimStart('-')] = args[i + 1];
        }

        var cameras = ScenarioArguments.Int(values, "cameras", 8);
        var sequences = ScenarioArguments.Int(values, "sequences", 200);
        var repeats = ScenarioArguments.Int(values, "repeats", 3);
        var models = ScenarioArguments.FindModels();
        if (models is null)
        {
            await Console.Error.WriteLineAsync("models/conv3d.ckpt not found above the binary.");
            return 2;
        }

        await using var broker = await ScenarioBroker.StartAsync(0, cancellationToken);
        await using var redis = RedisServer.IsInstalled ? await RedisServer.StartAsync(cancellationToken) : null;
        string[] modes = redis is null ? ["None", "Memory"] : ["None", "Memory", "Redis"];
        if (redis is null)
        {
            Console.WriteLine("redis-server not installed: Redis left out");
        }

        var runs = modes.ToDictionary(m => m, _ => new List<(double P50, double P99, double Rate)>());
        for (var repeat = 0; repeat < repeats; repeat++)
        {
            foreach (var mode in repeat % 2 == 0 ? modes : modes.Reverse())
            {
                await using var silo = await DurableAcceptSilo.StartAsync(broker.Port, mode, redis?.ConnectionString, models, cancellationToken);
                var run = await MeasureAsync(silo.Grains, $"r{repeat}-{mode}", cameras, sequences, cancellationToken);
                runs[mode].Add(run);
                Console.WriteLine(FormattableString.Invariant($"repeat {repeat + 1} {mode,-6}: Ingest p50 {run.P50:0} us, p99 {run.P99:0} us, {run.Rate:0} accepted/s"));
            }
        }

        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"`dotnet run -c Release --project Benchmarks -- silo-durable-accept --cameras {cameras} --sequences {sequences} --repeats {repeats}`"));
        Console.WriteLine();
        Console.WriteLine("| CameraStorage | Ingest p50 us (median of repeats) | Ingest p99 us | accepted sequences/s | rate vs None |");
        Console.WriteLine("|---|---|---|---|---|");
        var baseline = Median(runs["None"].Select(r => r.Rate));
        foreach (var mode in modes)
        {
            var list = runs[mode];
            var rate = Median(list.Select(r => r.Rate));
            Console.WriteLine(FormattableString.Invariant(
                $"| {mode} | {Median(list.Select(r => r.P50)):0} | {Median(list.Select(r => r.P99)):0} | {rate:0} | {rate / baseline:0.00} |"));
        }

        return 0;
    }

    // One caller per camera, each awaiting Ingest before the next (as a lane does); latencies of accepted sequences only.
    private static async Task<(double P50, double P99, double Rate)> MeasureAsync(IGrainFactory grains, string run, int cameras, int sequences, CancellationToken cancellationToken)
    {
        var warmup = Math.Max(5, sequences / 10);
        var latencies = new List<double>[cameras];
        var clock = Stopwatch.StartNew();
        TimeSpan measuredFrom = default;
        var warm = new CountdownEvent(cameras);
        var callers = Enumerable.Range(0, cameras).Select(c => Task.Run(async () =>
        {
            var grain = grains.GetGrain<ICameraGrain>(CameraKey.Format("bench", $"{run}-c{c}"));
            var mine = latencies[c] = new List<double>(sequences);
            for (var n = 0; n < warmup + sequences; n++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var sequence = Sequence($"{run}-c{c}", n);
                var started = Stopwatch.GetTimestamp();
                var outcome = await grain.Ingest(sequence);
                var elapsed = Stopwatch.GetElapsedTime(started);
                if (n == warmup - 1 && warm.Signal())
                {
                    measuredFrom = clock.Elapsed;
                }

                if (n >= warmup && outcome.Status == IngestStatus.Accepted)
                {
                    mine.Add(elapsed.TotalMicroseconds);
                }
            }
        }, cancellationToken)).ToArray();
        await Task.WhenAll(callers);
        var window = clock.Elapsed - measuredFrom;
        var all = latencies.SelectMany(l => l).Order().ToArray();
        return all.Length == 0 ? (0, 0, 0) : (Percentile(all, 0.50), Percentile(all, 0.99), all.Length / window.TotalSeconds);
    }

    private static readonly ImmutableArray<ReadOnlyMemory<byte>> Frames =
        [.. Enumerable.Range(0, 8).Select(f => (ReadOnlyMemory<byte>)Enumerable.Range(0, 32 * 32 * 3).Select(i => (byte)(i + f)).ToArray())];

    private static FrameSequence Sequence(string camera, long number)
    {
        var lastUs = (TimeProvider.System.GetUtcNow() - DateTimeOffset.UnixEpoch).Ticks / TimeSpan.TicksPerMicrosecond;
        return new FrameSequence(
            "bench",
            camera,
            number,
            [.. Enumerable.Range(0, 8).Select(f => (number * 8) + f)],
            [.. Enumerable.Range(0, 8).Select(f => lastUs - ((7 - f) * 33_333L))],
            32,
            32,
            PixelFormat.Rgb24,
            Frames,
            new PreprocessingParameters(30, 0, 8, true, [0.485f, 0.456f, 0.406f], [0.229f, 0.224f, 0.225f], 32, 32, "area", 0));
    }

    private static double Percentile(double[] sorted, double q) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(q * sorted.Length) - 1)];

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? 0 : sorted.Length % 2 == 1 ? sorted[sorted.Length / 2] : (sorted[(sorted.Length / 2) - 1] + sorted[sorted.Length / 2]) / 2;
    }
}

using System.Diagnostics;
using System.Globalization;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Catalog;
using EdgeVision.Inference.Pixels;
using EdgeVision.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeVision.Benchmarks.Inference;

/// <summary>
/// The inference engine in process (no MQTT, no Orleans) with the shipped conv3d checkpoint or an imported model package
/// (<c>--package</c>): N cameras each keep one sequence in flight (closed loop, so the engine runs at capacity). Measured side by side, each repeat in the
/// same order: model-only forward passes at batch 1 and at the maximum batch (the baseline), the engine with
/// batching disabled, and the engine with dynamic batching. Prints medians over the repeats and the ratios.
/// </summary>
public sealed class EngineBatchingScenario : IScenario
{
    public string Name => "engine-batching";

    public string Description => "In-process engine, N cameras closed loop: dynamic batching vs batch size 1, engine vs model-only (shipped conv3d or --package)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = ScenarioOptions.Parse(args);
        if (options.Error is not null)
        {
            await Console.Error.WriteLineAsync(options.Error);
            return 2;
        }

        // A package is served alone, by its file name: the catalog's folder is an empty one.
        var empty = options.Package is null ? null : Directory.CreateTempSubdirectory("edgevision-engine-batching-");
        try
        {
            using var catalog = new ModelCatalog(
                Options.Create(options.Package is { } package
                    ? new ModelCatalogOptions { Directory = empty!.FullName, Checkpoints = { [options.Model] = package } }
                    : new ModelCatalogOptions { Directory = options.ModelsDirectory }),
                Options.Create(new InferenceSessionOptions { ThreadCount = options.Threads }),
                NullLoggerFactory.Instance);
            return await RunAsync(catalog, options, cancellationToken);
        }
        finally
        {
            empty?.Delete();
        }
    }

    private static async Task<int> RunAsync(ModelCatalog catalog, ScenarioOptions options, CancellationToken cancellationToken)
    {
        var model = catalog.Describe(options.Model);
        var key = new BatchKey(options.Model, model.Config.SequenceLength, model.Config.InputChannels, model.Config.InputHeight, model.Config.InputWidth);
        Console.WriteLine(FormattableString.Invariant(
            $"{options.Model} ({model.Kind}) {model.Version} on {model.Device}, input {key}, {options.Cameras} cameras, batch up to {options.MaxBatch}, {options.Seconds} s x {options.Repeats} repeats, {options.Threads} threads, target {options.TargetLatencyMs} ms, max {options.MaxLatencyMs} ms"));
        ModelOnly(catalog, key, options.MaxBatch, TimeSpan.FromSeconds(1));

        List<Run> modelOne = [], modelMax = [], engineOne = [], engineBatched = [];
        for (var repeat = 0; repeat < options.Repeats; repeat++)
        {
            modelOne.Add(ModelOnly(catalog, key, 1, options.Duration));
            modelMax.Add(ModelOnly(catalog, key, options.MaxBatch, options.Duration));
            engineOne.Add(await ClosedLoop(catalog, key, options, batching: false, cancellationToken));
            engineBatched.Add(await ClosedLoop(catalog, key, options, batching: true, cancellationToken));
        }

        Console.WriteLine();
        Console.WriteLine("| run | sequences/s: median (each repeat) | CPU ms per sequence: median | mean batch | p50 ms | p99 ms | drops |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        Print("model only, batch 1", modelOne);
        Print($"model only, batch {options.MaxBatch}", modelMax);
        Print("engine, batching off (batch 1)", engineOne);
        Print($"engine, dynamic batching (up to {options.MaxBatch})", engineBatched);
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"dynamic batching / batch 1 (engine): {Median(engineBatched) / Median(engineOne):0.00}x"));
        Console.WriteLine(FormattableString.Invariant($"engine / model only, batch 1: {Median(engineOne) / Median(modelOne):0.00}"));
        Console.WriteLine(FormattableString.Invariant($"engine / model only, batch {options.MaxBatch}: {Median(engineBatched) / Median(modelMax):0.00}"));
        Console.WriteLine(FormattableString.Invariant(
            $"CPU per sequence, batch 1 / dynamic batching (engine): {CpuMedian(engineOne) / CpuMedian(engineBatched):0.00}x; engine / model only at batch {options.MaxBatch}: {CpuMedian(engineBatched) / CpuMedian(modelMax):0.00}"));
        return 0;
    }

    /// <summary>Forward passes back to back on a dedicated thread, as the engine runs them.</summary>
    private static Run ModelOnly(ModelCatalog catalog, BatchKey key, int batch, TimeSpan duration)
    {
        Run? run = null;
        var thread = new Thread(() => run = ModelOnlyLoop(catalog, key, batch, duration)) { Name = "model-only" };
        thread.Start();
        thread.Join();
        return run!;
    }

    private static Run ModelOnlyLoop(ModelCatalog catalog, BatchKey key, int batch, TimeSpan duration)
    {
        var shape = new FrameBatchShape(batch, key.Sequence, key.Channels, key.Height, key.Width);
        var frames = Pixels((int)shape.Elements, seed: batch);
        using var lease = catalog.Acquire(key.ModelKey);
        var passes = 0;
        List<double> latencies = [];
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration)
        {
            var started = clock.Elapsed;
            lease.Session.Predict(frames, shape);
            latencies.Add((clock.Elapsed - started).TotalMilliseconds);
            passes++;
        }

        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        return new Run(passes * batch / clock.Elapsed.TotalSeconds, batch, latencies, 0, cpuMs / (passes * batch));
    }

    private static async Task<Run> ClosedLoop(ModelCatalog catalog, BatchKey key, ScenarioOptions options, bool batching, CancellationToken cancellationToken)
    {
        var config = new InferenceConfig { TargetLatencyMs = options.TargetLatencyMs, MaxLatencyMs = options.MaxLatencyMs, MaxBatchSize = options.MaxBatch, EnableBatching = batching };
        await using var engine = new InferenceEngine(
            catalog, Options.Create(config), Options.Create(new InferenceEngineOptions()), TimeProvider.System, new NoMeters(), NullLogger<InferenceEngine>.Instance);
        var frame = new byte[key.Height * key.Width * SequenceFrames.Channels];
        new Random(3).NextBytes(frame);
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        var cameras = await Task.WhenAll(Enumerable.Range(0, options.Cameras).Select(camera => Task.Run(async () =>
        {
            List<double> latencies = [];
            long batched = 0, drops = 0;
            while (clock.Elapsed < options.Duration && !cancellationToken.IsCancellationRequested)
            {
                var captured = TimeProvider.System.GetUtcNow();
                var frames = new SequenceFrames([.. Enumerable.Repeat<ReadOnlyMemory<byte>>(frame, key.Sequence)], key.Width, key.Height, PixelOrder.Rgb, PixelNormalization.ImageNet);
                var request = new InferenceRequest($"bench/cam-{camera}", key.ModelKey, frames, captured, captured.AddMilliseconds(options.MaxLatencyMs));
                var outcome = await engine.InferAsync(request, cancellationToken);
                if (outcome.Status == InferenceStatus.Completed)
                {
                    latencies.Add((TimeProvider.System.GetUtcNow() - captured).TotalMilliseconds);
                    batched += outcome.BatchSize;
                }
                else
                {
                    drops++;
                }
            }

            return (latencies, batched, drops);
        }, cancellationToken)));
        var elapsed = clock.Elapsed.TotalSeconds;
        var cpuMs = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalMilliseconds;
        var all = cameras.SelectMany(c => c.latencies).ToList();
        return new Run(all.Count / elapsed, all.Count == 0 ? 0 : cameras.Sum(c => c.batched) / (double)all.Count, all, cameras.Sum(c => c.drops), cpuMs / Math.Max(1, all.Count));
    }

    private static void Print(string name, List<Run> runs)
    {
        var middle = runs.OrderBy(r => r.SequencesPerSecond).ElementAt(runs.Count / 2);
        var sorted = middle.LatenciesMs.Order().ToArray();
        Console.WriteLine(FormattableString.Invariant(
            $"| {name} | {Rate(middle.SequencesPerSecond)} ({string.Join(", ", runs.Select(r => Rate(r.SequencesPerSecond)))}) | {CpuMedian(runs):0.00} | {middle.MeanBatch:0.00} | {Percentile(sorted, 50):0.0} | {Percentile(sorted, 99):0.0} | {middle.Drops} |"));
    }

    // Three significant digits: the shipped conv3d runs at hundreds of sequences a second, an imported R3D-18 at a few.
    private static string Rate(double sequencesPerSecond) => sequencesPerSecond.ToString(sequencesPerSecond switch { < 1 => "0.000", < 10 => "0.00", _ => "0.0" }, CultureInfo.InvariantCulture);

    private static double Median(List<Run> runs) => runs.Select(r => r.SequencesPerSecond).Order().ElementAt(runs.Count / 2);

    private static double CpuMedian(List<Run> runs) => runs.Select(r => r.CpuMsPerSequence).Order().ElementAt(runs.Count / 2);

    private static double Percentile(double[] sorted, double p) => EdgeVision.Inference.Monitoring.Percentiles.Of(sorted, p);

    private static float[] Pixels(int count, int seed)
    {
        var random = new Random(seed);
        var pixels = new float[count];
        for (var i = 0; i < count; i++)
        {
            pixels[i] = (random.NextSingle() - 0.45f) / 0.225f;
        }

        return pixels;
    }

    private sealed record Run(double SequencesPerSecond, double MeanBatch, List<double> LatenciesMs, long Drops, double CpuMsPerSequence);
}

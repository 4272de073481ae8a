using EdgeVision.Benchmarks.Edge;
using EdgeVision.Edge.Sources;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// Sequences/s of the distributed path (8 edge agents -> mosquitto -> silo ingestion -> camera grains ->
/// engine -> JSON results over MQTT) at p99 within the maximum latency, dynamic batching against batch size 1, each
/// capacity searched in the same run, the two modes interleaved per repeat. Adaptive measures off in both.
/// </summary>
public sealed class SiloBatchingScenario : IScenario
{
    public string Name => "silo-batching";

    public string Description => "Silo through MQTT, 8 edge agents: capacity at p99 <= max latency, dynamic batching vs batch size 1";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = SiloBenchOptions.Parse(args);
        if (options.Error is not null)
        {
            await Console.Error.WriteLineAsync(options.Error);
            return 2;
        }

        await using var broker = await ScenarioBroker.StartAsync(options.BrokerPort, cancellationToken);
        double single, batched;
        using (var model = new ModelOnly(options))
        {
            single = model.SequencesPerSecond(1, TimeSpan.FromSeconds(5));
            batched = model.SequencesPerSecond(options.MaxBatch, TimeSpan.FromSeconds(3));
            Console.WriteLine(FormattableString.Invariant(
                $"{model.Describe()}, {options.SequenceLength}x3x{options.Size}x{options.Size}; model only: batch 1 {single:0.00}/s, batch {options.MaxBatch} {batched:0.00}/s"));
        }

        Console.WriteLine($"options: {options.Describe()}");
        var grid = CapacitySearch.Steps(options, single / 2);
        if (grid.Count == 0)
        {
            await Console.Error.WriteLineAsync(FormattableString.Invariant(
                $"every rate to offer is more than {options.Cameras} cameras can render ({CapacitySearch.MaxOffered(options):0.00} sequences/s at {SyntheticSourceSettings.MaxFps} fps each): raise --cameras or lower --rates."));
            return 2;
        }

        var modes = new[] { (Mode: SiloMode.BatchedFixed, Steps: grid), (Mode: SiloMode.SingleFixed, Steps: grid) };
        var found = modes.ToDictionary(m => m.Mode, _ => new List<(double Capacity, RunResult? At)>());
        List<RunResult> all = [];
        for (var repeat = 0; repeat < options.Repeats; repeat++)
        {
            // Alternate which mode goes first.
            foreach (var (mode, steps) in repeat % 2 == 0 ? modes : modes.Reverse())
            {
                Console.WriteLine(FormattableString.Invariant($"repeat {repeat + 1}, {mode.Name}, offered {RunResult.Each(steps, "0.##")} sequences/s"));
                var (capacity, at, runs) = await CapacitySearch.FindAsync(broker.Port, mode, steps, options, cancellationToken);
                found[mode].Add((capacity, at));
                all.AddRange(runs);
            }
        }

        Console.WriteLine();
        Console.WriteLine($"`dotnet run -c Release --project Benchmarks -- silo-batching {options.Describe()}`");
        Console.WriteLine();
        Console.WriteLine("| mode | capacity, sequences/s at p99 <= max (each repeat) | median | p50 / p99 ms at capacity (median run) | mean batch | CPU ms/result | drops at capacity |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (mode, _) in modes)
        {
            var list = found[mode];
            var median = RunResult.Median(list.Select(f => f.Capacity));
            var middle = list.Where(f => f.At is not null).OrderBy(f => f.Capacity).Select(f => f.At!).ElementAtOrDefault(list.Count(f => f.At is not null) / 2);
            Console.WriteLine(FormattableString.Invariant(
                $"| {mode.Name} | {RunResult.Each(list.Select(f => f.Capacity), "0.00")} | {median:0.00} | {(middle is null ? "-" : $"{middle.P50:0} / {middle.P99:0}")} | {middle?.MeanBatch:0.00} | {middle?.CpuMsPerResult:0} | {middle?.DropText ?? "-"} |"));
        }

        var ratio = RunResult.Median(found[SiloMode.BatchedFixed].Select(f => f.Capacity)) / RunResult.Median(found[SiloMode.SingleFixed].Select(f => f.Capacity));
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"dynamic batching / batch size 1 (median capacity): {ratio:0.00}x; model only batch {options.MaxBatch} / batch 1: {batched / single:0.00}x"));
        Console.WriteLine($"load average (1 min) at the end of each window: {RunResult.LoadRange(all)}");
        return 0;
    }
}

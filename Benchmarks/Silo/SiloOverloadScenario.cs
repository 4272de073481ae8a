using EdgeVision.Benchmarks.Edge;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// Issue #5 (b): capacity C of the distributed path (dynamic batching, non-adaptive) is searched first in the same run;
/// then 2C is offered to the adaptive silo (frame skipping and resolution through the edges' control topic) and to the
/// non-adaptive baseline, interleaved per repeat. The claim: adaptive keeps p99 within the maximum latency and goodput
/// (results within the maximum latency per second) at 90 % of C or more.
/// </summary>
public sealed class SiloOverloadScenario : IScenario
{
    public string Name => "silo-overload";

    public string Description => "Silo through MQTT, 8 edge agents at twice the measured capacity: adaptive vs non-adaptive p99 and goodput (issue #5 b)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = SiloBenchOptions.Parse(args);
        if (options.Error is not null)
        {
            await Console.Error.WriteLineAsync(options.Error);
            return 2;
        }

        await using var broker = await MosquittoProcess.StartAsync(options.BrokerPort, cancellationToken);
        double single;
        using (var model = new ModelOnly(options))
        {
            single = model.SequencesPerSecond(1, TimeSpan.FromSeconds(5));
            Console.WriteLine(FormattableString.Invariant($"{model.Describe()}, {options.SequenceLength}x3x{options.Size}x{options.Size}; model only batch 1: {single:0.00}/s"));
        }

        Console.WriteLine($"options: {options.Describe()}");
        var steps = CapacitySearch.Steps(options, single);
        Console.WriteLine(FormattableString.Invariant($"capacity search, {SiloMode.BatchedFixed.Name}, offered {RunResult.Each(steps, "0.##")} sequences/s"));
        var (capacity, _, search) = await CapacitySearch.FindAsync(broker.Port, SiloMode.BatchedFixed, steps, options, cancellationToken);
        if (capacity <= 0)
        {
            Console.WriteLine("No offered rate kept p99 within the maximum latency: lower --rates or raise --max-latency.");
            return 1;
        }

        var offered = Math.Round(2 * capacity, 2);
        Console.WriteLine(FormattableString.Invariant($"capacity C = {capacity:0.00} sequences/s; offering 2C = {offered:0.00}/s"));
        SiloMode[] modes = [SiloMode.BatchedAdaptive, SiloMode.BatchedFixed];
        var runs = modes.ToDictionary(m => m, _ => new List<RunResult>());
        for (var repeat = 0; repeat < options.Repeats; repeat++)
        {
            foreach (var mode in repeat % 2 == 0 ? modes : modes.Reverse())
            {
                var run = await SiloRun.RunAsync(broker.Port, mode, offered, options, cancellationToken);
                runs[mode].Add(run);
                Console.WriteLine("  " + run.Line());
            }
        }

        Console.WriteLine();
        Console.WriteLine($"`dotnet run -c Release --project Benchmarks -- silo-overload {options.Describe()}`");
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"Capacity C = {capacity:0.00} sequences/s (dynamic batching, non-adaptive); offered 2C = {offered:0.00}/s; max latency {options.MaxLatencyMs:0} ms."));
        Console.WriteLine();
        Console.WriteLine("| mode at 2C | p99 ms (each repeat) | median p99 | goodput/s (each) | goodput / C (median) | assembled/s | results/s | mean batch | edges at the end | drops (median run) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var mode in modes)
        {
            var list = runs[mode];
            var middle = list.OrderBy(r => r.Goodput).ElementAt(list.Count / 2);
            Console.WriteLine(FormattableString.Invariant(
                $"| {mode.Name} | {RunResult.Each(list.Select(r => r.P99), "0")} | {RunResult.Median(list.Select(r => r.P99)):0} | {RunResult.Each(list.Select(r => r.Goodput), "0.00")} | {RunResult.Median(list.Select(r => r.Goodput)) / capacity:0.00} | {middle.AssembledRate:0.00} | {middle.ResultRate:0.00} | {middle.MeanBatch:0.00} | {middle.EdgeSettings} | {middle.DropText} |"));
        }

        var adaptive = runs[SiloMode.BatchedAdaptive];
        var p99Holds = RunResult.Median(adaptive.Select(r => r.P99)) <= options.MaxLatencyMs;
        var goodputHolds = RunResult.Median(adaptive.Select(r => r.Goodput)) >= 0.9 * capacity;
        Console.WriteLine();
        Console.WriteLine($"load average (1 min) at the end of each window: {RunResult.LoadRange(search.Concat(runs.Values.SelectMany(r => r)))}");
        Console.WriteLine($"claim: adaptive p99 within {options.MaxLatencyMs:0} ms: {(p99Holds ? "holds" : "does NOT hold")}; adaptive goodput >= 0.9 C: {(goodputHolds ? "holds" : "does NOT hold")}");
        return 0;
    }
}

using EdgeVision.Benchmarks.Edge;
using EdgeVision.Edge.Sources;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// In each repeat, capacity C of the distributed path (dynamic batching, non-adaptive) is searched first;
/// then 2C is offered to the adaptive silo (frame skipping and resolution through the edges' control topic) and to the
/// non-adaptive baseline, in alternating order. The claim, judged per repeat: adaptive keeps p99 within the maximum
/// latency and goodput (results within the maximum latency per second) at 90 % of C or more; and, where the scenes carry
/// ground truth, what the adaptive silo delivered is within 2 points of top-1 of what the non-adaptive one (every result at
/// the nominal settings) delivered.
/// </summary>
public sealed class SiloOverloadScenario : IScenario
{
    public string Name => "silo-overload";

    public string Description => "Silo through MQTT, 8 edge agents at twice the measured capacity: adaptive vs non-adaptive p99 and goodput";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = SiloBenchOptions.Parse(args);
        if (options.Error is not null)
        {
            await Console.Error.WriteLineAsync(options.Error);
            return 2;
        }

        await using var broker = await ScenarioBroker.StartAsync(options.BrokerPort, cancellationToken);
        double single;
        using (var model = new ModelOnly(options))
        {
            single = model.SequencesPerSecond(1, TimeSpan.FromSeconds(5));
            Console.WriteLine(FormattableString.Invariant($"{model.Describe()}, {options.SequenceLength}x3x{options.Size}x{options.Size}; model only batch 1: {single:0.00}/s"));
        }

        Console.WriteLine($"options: {options.Describe()}");
        var steps = CapacitySearch.Steps(options, single / 2);
        if (steps.Count == 0)
        {
            await Console.Error.WriteLineAsync(FormattableString.Invariant(
                $"every rate to offer is more than {options.Cameras} cameras can render ({CapacitySearch.MaxOffered(options):0.00} sequences/s at {SyntheticSourceSettings.MaxFps} fps each): raise --cameras or lower --rates."));
            return 2;
        }

        SiloMode[] modes = [SiloMode.BatchedAdaptive, SiloMode.BatchedFixed];
        List<(double Capacity, RunResult Adaptive, RunResult Fixed)> repeats = [];
        List<RunResult> all = [];
        for (var repeat = 0; repeat < options.Repeats; repeat++)
        {
            Console.WriteLine(FormattableString.Invariant($"repeat {repeat + 1}: capacity search, {SiloMode.BatchedFixed.Name}, offered {RunResult.Each(steps, "0.##")} sequences/s"));
            var (capacity, _, search) = await CapacitySearch.FindAsync(broker.Port, SiloMode.BatchedFixed, steps, options, cancellationToken);
            all.AddRange(search);
            if (capacity <= 0)
            {
                Console.WriteLine("  no offered rate kept p99 within the maximum latency: lower --rates or raise --max-latency.");
                continue;
            }

            var offered = Math.Round(2 * capacity, 2);
            if (offered > CapacitySearch.MaxOffered(options))
            {
                Console.WriteLine(FormattableString.Invariant(
                    $"  2C = {offered:0.00}/s is more than {options.Cameras} cameras can offer ({CapacitySearch.MaxOffered(options):0.00}/s at {SyntheticSourceSettings.MaxFps} fps each): raise --cameras."));
                continue;
            }

            Console.WriteLine(FormattableString.Invariant($"repeat {repeat + 1}: C = {capacity:0.00} sequences/s; offering 2C = {offered:0.00}/s"));
            var runs = new Dictionary<SiloMode, RunResult>();
            foreach (var mode in repeat % 2 == 0 ? modes : modes.Reverse())
            {
                runs[mode] = await SiloRun.RunAsync(broker.Port, mode, offered, options, cancellationToken);
                all.Add(runs[mode]);
                Console.WriteLine("  " + runs[mode].Line());
            }

            repeats.Add((capacity, runs[SiloMode.BatchedAdaptive], runs[SiloMode.BatchedFixed]));
        }

        Console.WriteLine();
        Console.WriteLine($"`dotnet run -c Release --project Benchmarks -- silo-overload {options.Describe()}`");
        Console.WriteLine();
        Console.WriteLine(FormattableString.Invariant($"Max latency {options.MaxLatencyMs:0} ms; C = capacity of the repeat (dynamic batching, non-adaptive), offered 2C."));
        Console.WriteLine();
        Console.WriteLine("| repeat | C seq/s | mode at 2C | assembled/s | results/s | goodput/s | goodput / C | p50 ms | p99 ms | mean batch | top-1 delivered | results by frame width | edges at the end | drops |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        for (var i = 0; i < repeats.Count; i++)
        {
            var (capacity, adaptive, baseline) = repeats[i];
            foreach (var run in new[] { adaptive, baseline })
            {
                Console.WriteLine(FormattableString.Invariant(
                    $"| {i + 1} | {capacity:0.00} | {run.Mode.Name} | {run.AssembledRate:0.00} | {run.ResultRate:0.00} | {run.Goodput:0.00} | {run.Goodput / capacity:0.00} | {run.P50:0} | {run.P99:0} | {run.MeanBatch:0.00} | {run.Top1Text} | {run.ResultSizes} | {run.EdgeSettings} | {run.DropText} |"));
            }
        }

        if (repeats.Count > 0)
        {
            Console.WriteLine();
            Console.WriteLine(FormattableString.Invariant(
                $"medians: adaptive p99 {RunResult.Median(repeats.Select(r => r.Adaptive.P99)):0} ms, goodput/C {RunResult.Median(repeats.Select(r => r.Adaptive.Goodput / r.Capacity)):0.00}, top-1 {100 * RunResult.Median(repeats.Select(r => r.Adaptive.DeliveredTop1 ?? double.NaN)):0.0} %; non-adaptive p99 {RunResult.Median(repeats.Select(r => r.Fixed.P99)):0} ms, goodput/C {RunResult.Median(repeats.Select(r => r.Fixed.Goodput / r.Capacity)):0.00}, top-1 {100 * RunResult.Median(repeats.Select(r => r.Fixed.DeliveredTop1 ?? double.NaN)):0.0} %"));
        }

        var p99Holds = repeats.Count(r => r.Adaptive.P99 <= options.MaxLatencyMs);
        var goodputHolds = repeats.Count(r => r.Adaptive.Goodput >= 0.9 * r.Capacity);
        Console.WriteLine($"load average (1 min) at the end of each window: {RunResult.LoadRange(all)}");
        var accuracyHolds = repeats.Count(r => r.Adaptive.DeliveredTop1 is { } adaptive && r.Fixed.DeliveredTop1 is { } full && adaptive >= full - 0.02);
        Console.WriteLine($"claim, adaptive p99 within {options.MaxLatencyMs:0} ms: held in {p99Holds} of {repeats.Count} repeats; adaptive goodput >= 0.9 C: held in {goodputHolds} of {repeats.Count}; "
            + $"adaptive top-1 delivered within 2 points of the non-adaptive (full-quality) run's: held in {accuracyHolds} of {repeats.Count}");
        return 0;
    }
}

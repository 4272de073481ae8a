using EdgeVision.Benchmarks.Edge;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// The pipeline's efficiency, end-to-end results/s of the distributed path divided by model-only
/// sequences/s at the same batch size and model. The edges offer more than the model can do (1.5x its model-only rate),
/// so the engine always has work and runs full batches; non-adaptive, so the edges keep sending full-size frames.
/// Measured at the maximum batch (dynamic batching) and at batch size 1, model-only and end-to-end interleaved per repeat.
/// </summary>
public sealed class SiloEfficiencyScenario : IScenario
{
    private const double Oversubscription = 1.5;

    public string Name => "silo-efficiency";

    public string Description => "Silo through MQTT saturated: end-to-end results/s over model-only sequences/s at the same batch size";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = SiloBenchOptions.Parse(args);
        if (options.Error is not null)
        {
            await Console.Error.WriteLineAsync(options.Error);
            return 2;
        }

        await using var broker = await ScenarioBroker.StartAsync(options.BrokerPort, cancellationToken);
        using var model = new ModelOnly(options);
        Console.WriteLine($"{model.Describe()}, {options.SequenceLength}x3x{options.Size}x{options.Size}");
        Console.WriteLine($"options: {options.Describe()}");
        var cases = new[] { (Mode: SiloMode.BatchedFixed, Batch: options.MaxBatch), (Mode: SiloMode.SingleFixed, Batch: 1) };
        var modelOnly = cases.ToDictionary(c => c.Batch, _ => new List<(double SequencesPerSecond, double CpuMsPerSequence)>());
        var endToEnd = cases.ToDictionary(c => c.Batch, _ => new List<RunResult>());
        for (var repeat = 0; repeat < options.Repeats; repeat++)
        {
            foreach (var (mode, batch) in cases)
            {
                var alone = model.Measure(batch, options.Measure);
                modelOnly[batch].Add(alone);
                var run = await SiloRun.RunAsync(broker.Port, mode, Math.Round(Oversubscription * alone.SequencesPerSecond, 2), options, cancellationToken);
                endToEnd[batch].Add(run);
                Console.WriteLine(FormattableString.Invariant($"  repeat {repeat + 1}: model only batch {batch} {alone.SequencesPerSecond:0.00}/s, CPU {alone.CpuMsPerSequence:0} ms/seq; ") + run.Line());
            }
        }

        Console.WriteLine();
        Console.WriteLine($"`dotnet run -c Release --project Benchmarks -- silo-efficiency {options.Describe()}`");
        Console.WriteLine();
        Console.WriteLine("| batch size | model only seq/s (each repeat) | end to end results/s (each) | wall efficiency (each) | median | model only CPU ms/seq | end to end CPU ms/result | CPU efficiency (each) | median | e2e mean batch | e2e drops (all runs) |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var (_, batch) in cases)
        {
            var wall = modelOnly[batch].Zip(endToEnd[batch], (m, e) => e.ResultRate / m.SequencesPerSecond).ToList();
            var cpu = modelOnly[batch].Zip(endToEnd[batch], (m, e) => m.CpuMsPerSequence / e.CpuMsPerResult).ToList();
            var drops = string.Join("; ", endToEnd[batch].Select(r => r.DropText));
            Console.WriteLine(FormattableString.Invariant(
                $"| {batch} | {RunResult.Each(modelOnly[batch].Select(m => m.SequencesPerSecond), "0.00")} | {RunResult.Each(endToEnd[batch].Select(r => r.ResultRate), "0.00")} | {RunResult.Each(wall, "0.00")} | {RunResult.Median(wall):0.00} | {RunResult.Median(modelOnly[batch].Select(m => m.CpuMsPerSequence)):0} | {RunResult.Median(endToEnd[batch].Select(r => r.CpuMsPerResult)):0} | {RunResult.Each(cpu, "0.00")} | {RunResult.Median(cpu):0.00} | {RunResult.Median(endToEnd[batch].Select(r => r.MeanBatch)):0.00} | {drops} |"));
        }

        Console.WriteLine();
        Console.WriteLine($"load average (1 min) at the end of each window: {RunResult.LoadRange(endToEnd.Values.SelectMany(r => r))}");
        return 0;
    }
}

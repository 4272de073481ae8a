using EdgeVision.Benchmarks.Edge;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// Issue #5 (c): the pipeline's efficiency, end-to-end results/s of the distributed path divided by model-only
/// sequences/s at the same batch size and model. The edges offer more than the model can do (1.25x its model-only rate),
/// so the engine always has work and runs full batches; non-adaptive, so the edges keep sending full-size frames.
/// Measured at the maximum batch (dynamic batching) and at batch size 1, model-only and end-to-end interleaved per repeat.
/// </summary>
public sealed class SiloEfficiencyScenario : IScenario
{
    private const double Oversubscription = 1.25;

    public string Name => "silo-efficiency";

    public string Description => "Silo through MQTT saturated: end-to-end results/s over model-only sequences/s at the same batch size (issue #5 c)";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = SiloBenchOptions.Parse(args);
        if (options.Error is not null)
        {
            await Console.Error.WriteLineAsync(options.Error);
            return 2;
        }

        await using var broker = await MosquittoProcess.StartAsync(options.BrokerPort, cancellationToken);
        using var model = new ModelOnly(options);
        Console.WriteLine($"{model.Describe()}, {options.SequenceLength}x3x{options.Size}x{options.Size}");
        Console.WriteLine($"options: {options.Describe()}");
        var cases = new[] { (Mode: SiloMode.BatchedFixed, Batch: options.MaxBatch), (Mode: SiloMode.SingleFixed, Batch: 1) };
        var modelOnly = cases.ToDictionary(c => c.Batch, _ => new List<double>());
        var endToEnd = cases.ToDictionary(c => c.Batch, _ => new List<RunResult>());
        for (var repeat = 0; repeat < options.Repeats; repeat++)
        {
            foreach (var (mode, batch) in cases)
            {
                var alone = model.SequencesPerSecond(batch, options.Measure);
                modelOnly[batch].Add(alone);
                var run = await SiloRun.RunAsync(broker.Port, mode, Math.Round(Oversubscription * alone, 2), options, cancellationToken);
                endToEnd[batch].Add(run);
                Console.WriteLine(FormattableString.Invariant($"  repeat {repeat + 1}: model only batch {batch} {alone:0.00}/s; ") + run.Line());
            }
        }

        Console.WriteLine();
        Console.WriteLine($"`dotnet run -c Release --project Benchmarks -- silo-efficiency {options.Describe()}`");
        Console.WriteLine();
        Console.WriteLine("| batch size | model only, sequences/s (each repeat) | end to end, results/s (each repeat) | end-to-end mean batch | efficiency per repeat | median efficiency | CPU ms/result end to end |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var (_, batch) in cases)
        {
            var ratios = modelOnly[batch].Zip(endToEnd[batch], (m, e) => e.ResultRate / m).ToList();
            Console.WriteLine(FormattableString.Invariant(
                $"| {batch} | {RunResult.Each(modelOnly[batch], "0.00")} | {RunResult.Each(endToEnd[batch].Select(r => r.ResultRate), "0.00")} | {RunResult.Median(endToEnd[batch].Select(r => r.MeanBatch)):0.00} | {RunResult.Each(ratios, "0.00")} | {RunResult.Median(ratios):0.00} | {RunResult.Median(endToEnd[batch].Select(r => r.CpuMsPerResult)):0} |"));
        }

        Console.WriteLine();
        Console.WriteLine($"load average (1 min) at the end of each window: {RunResult.LoadRange(endToEnd.Values.SelectMany(r => r))}");
        return 0;
    }
}

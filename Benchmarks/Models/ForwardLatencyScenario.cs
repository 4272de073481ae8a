using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeVision.Inference.Models;
using static TorchSharp.torch;

namespace EdgeVision.Benchmarks.Models;

/// <summary>
/// Forward latency of the four video models over frame side x batch x sequence, TorchSharp against the same
/// architectures in PyTorch (<c>Models/pytorch_forward_latency.py</c>, a child process) with the same shapes and
/// threads. Each case is timed in TorchSharp then in PyTorch before the next, so both see the same machine load;
/// medians and the TorchSharp/PyTorch ratio are printed as a markdown table.
/// </summary>
public sealed class ForwardLatencyScenario : IScenario
{
    public string Name => "model-forward-latency";

    public string Description =>
        "Video model forward latency (112/224, batch 1/4/8, sequence 8/16, 2 threads): TorchSharp vs PyTorch, medians and ratio.";

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (ScenarioArguments.ParseOrExplain(ForwardLatencyOptions.Parse, args) is not { } options)
        {
            return Task.FromResult(1);
        }

        if (options.Device == "cuda" && !TorchSharp.torch.cuda.is_available())
        {
            Console.Error.WriteLine("--device cuda: libtorch reports no usable CUDA device.");
            return Task.FromResult(3);
        }

        set_num_threads(options.Threads);
        using var python = options.Python is { } executable ? PyTorchLatencyServer.Start(executable, options.Threads, options.Device) : null;
        var device = new Device(options.Device);
        Console.WriteLine($"TorchSharp {TorchSharp.torch.__version__} on {device}, {get_num_threads()} threads; hidden {options.HiddenDim}, {options.Layers} layers, {options.Classes} classes.");
        if (python is not null)
        {
            Console.WriteLine($"PyTorch {python.Hello["torch"]} on {python.Hello["device"]} {python.Hello["gpu"]}, {python.Hello["threads"]} threads, via {PyTorchLatencyServer.ScriptPath}");
            foreach (var kind in options.Models)
            {
                var probe = new LatencyCase(kind, 32, 2, 8, options.HiddenDim, options.Layers, options.Classes);
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"Twin check {kind}: same weights (strict load), same input, largest logit difference {TwinCheck.Verify(python, probe, device):G3}."));
            }
        }

        Console.WriteLine();
        Console.WriteLine("| model | frames | batch | sequence | TorchSharp median ms | PyTorch median ms | TorchSharp / PyTorch | runs |");
        Console.WriteLine("|---|---|---|---|---|---|---|---|");
        var rows = new JsonArray();
        foreach (var latencyCase in options.Cases())
        {
            cancellationToken.ThrowIfCancellationRequested();
            var (_, sharp) = TorchSharpForwardTimer.Time(latencyCase, options.Repetitions, options.Budget, device);
            var py = python?.Time(latencyCase, sharp.Count);
            var sharpMedian = Median(sharp);
            double? pyMedian = py is null ? null : Median(py);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {latencyCase.Kind} | {latencyCase.Side}x{latencyCase.Side} | {latencyCase.Batch} | {latencyCase.Sequence} | {sharpMedian:F1} | {(pyMedian is { } p ? p.ToString("F1", CultureInfo.InvariantCulture) : "-")} | {(pyMedian is { } q ? (sharpMedian / q).ToString("F2", CultureInfo.InvariantCulture) : "-")} | {sharp.Count} |"));
            rows.Add(new JsonObject
            {
                ["kind"] = latencyCase.Kind, ["side"] = latencyCase.Side, ["batch"] = latencyCase.Batch, ["sequence"] = latencyCase.Sequence,
                ["torchSharpMs"] = new JsonArray([.. sharp.Select(t => JsonValue.Create(t))]),
                ["pyTorchMs"] = py is null ? null : new JsonArray([.. py.Select(t => JsonValue.Create(t))]),
                ["torchSharpMedianMs"] = sharpMedian, ["pyTorchMedianMs"] = pyMedian,
                ["ratio"] = pyMedian is { } r ? sharpMedian / r : null,
            });
        }

        if (options.Output is { } output)
        {
            var document = new JsonObject { ["device"] = options.Device, ["threads"] = options.Threads, ["pytorch"] = python?.Hello.DeepClone(), ["cases"] = rows };
            File.WriteAllText(output, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
            Console.WriteLine($"Wrote {output}.");
        }

        return Task.FromResult(0);
    }

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

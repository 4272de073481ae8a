using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using EdgeVision.Inference.Packages;
using EdgeVision.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using static TorchSharp.torch;

namespace EdgeVision.Benchmarks.Models;

/// <summary>
/// torchvision's video classifiers as a user brings them: Debian's PyTorch (<c>pytorch_forward_latency.py --serve</c>, a
/// child process) builds each architecture with random weights, exports it to ONNX and TorchScript, and the exports
/// are imported into model packages (<see cref="OnnxImport"/>, <see cref="TorchScriptImport"/>) and opened as the silo
/// opens them. Each case is then timed in rounds, ONNX Runtime, TorchScript (TorchSharp) and eager PyTorch in turn with
/// the same threads, so all three see the same machine load; medians and the medians of each round's ratios are
/// printed as a markdown table. Before timing, both packages' logits are compared with PyTorch's on one clip.
/// </summary>
public sealed class ModelFormatsScenario : IScenario
{
    public string Name => "model-formats";

    public string Description =>
        "torchvision video models exported at run time: forward latency ONNX Runtime vs TorchScript vs PyTorch (batch 1 and 4), medians and ratios.";

    public Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        if (ScenarioArguments.ParseOrExplain(ModelFormatsOptions.Parse, args) is not { } options)
        {
            return Task.FromResult(1);
        }

        set_num_threads(options.Threads);
        var work = options.Keep ?? Directory.CreateTempSubdirectory("edgevision-model-formats-").FullName;
        try
        {
            using var python = PyTorchLatencyServer.Start(options.Python, options.Threads, "cpu");
            Console.WriteLine($"ONNX Runtime (CPU, {options.Threads} intra-op threads, no spinning) and TorchSharp {__version__} ({get_num_threads()} threads) in this process;");
            Console.WriteLine($"PyTorch {python.Hello["torch"]} ({python.Hello["threads"]} threads) via {PyTorchLatencyServer.ScriptPath}; {options.Classes} classes, random weights (seed 0).");
            var timings = new List<FormatTiming>();
            foreach (var architecture in options.Models)
            {
                cancellationToken.ThrowIfCancellationRequested();
                timings.AddRange(Measure(python, architecture, options, work, cancellationToken));
            }

            Console.WriteLine();
            Console.WriteLine("| model | input | batch | ONNX Runtime ms | TorchScript ms | PyTorch ms | ONNX Runtime / PyTorch | TorchScript / PyTorch | TorchScript / ONNX Runtime | rounds |");
            Console.WriteLine("|---|---|---|---|---|---|---|---|---|---|");
            foreach (var t in timings)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"| {t.Architecture} | {t.Frames}x{t.Side}x{t.Side} | {t.Batch} | {t.OnnxMedian:F0} | {t.TorchScriptMedian:F0} | {t.PyTorchMedian:F0} | {t.OnnxOverPyTorch:F2} | {t.TorchScriptOverPyTorch:F2} | {t.TorchScriptOverOnnx:F2} | {t.OnnxMs.Count} |"));
            }

            if (options.Output is { } output)
            {
                var document = new JsonObject { ["threads"] = options.Threads, ["pytorch"] = python.Hello.DeepClone(), ["cases"] = new JsonArray([.. timings.Select(Json)]) };
                File.WriteAllText(output, document.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
                Console.WriteLine($"Wrote {output}.");
            }

            return Task.FromResult(0);
        }
        finally
        {
            if (options.Keep is null)
            {
                Directory.Delete(work, recursive: true);
            }
        }
    }

    private static IEnumerable<FormatTiming> Measure(PyTorchLatencyServer python, string architecture, ModelFormatsOptions options, string work, CancellationToken cancellationToken)
    {
        var (frames, side) = options.Input(architecture);
        var exported = python.Ask(
            new JsonObject { ["torchvision"] = architecture, ["export"] = Path.Combine(work, architecture), ["frames"] = frames, ["size"] = side, ["classes"] = options.Classes, ["seed"] = 0 },
            $"exporting {architecture}");
        string Exported(string name) => exported[name]!.GetValue<string>();
        var labels = Enumerable.Range(0, options.Classes).Select(i => $"class {i}").ToArray();
        var started = Stopwatch.GetTimestamp();
        var onnxPackage = Path.Combine(work, $"{architecture}-onnx{ModelPackage.Extension}");
        var torchScriptPackage = Path.Combine(work, $"{architecture}-torchscript{ModelPackage.Extension}");
        ModelPackage.Write(onnxPackage, OnnxImport.Describe(Exported("onnx"), labels, new ImportSettings()), Exported("onnx"));
        ModelPackage.Write(torchScriptPackage, TorchScriptImport.Describe(Exported("torchscript"), labels, new ImportSettings()), Exported("torchscript"));
        using var onnx = Open(onnxPackage, options.Threads);
        using var torchScript = Open(torchScriptPackage, options.Threads);
        var imported = Stopwatch.GetElapsedTime(started).TotalSeconds;

        var input = NpyArray.Read(Exported("input"));
        var expected = NpyArray.Read(Exported("expected")).Floats!;
        var (onnxLogits, torchScriptLogits) = (onnx.Run(input.Floats!, [.. input.Shape])[0], torchScript.Run(input.Floats!, [.. input.Shape])[0]);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{architecture} {frames}x{side}x{side}: exported by PyTorch in {exported["seconds"]!.GetValue<double>():F0} s, imported and opened in {imported:F0} s; largest |logit difference| from PyTorch on one clip: ONNX Runtime {Largest(onnxLogits, expected):G2}, TorchScript {Largest(torchScriptLogits, expected):G2}; top-1 {(Top1(onnxLogits) == Top1(expected) && Top1(torchScriptLogits) == Top1(expected) ? "the same" : "DIFFERS")}."));

        foreach (var batch in options.Batches)
        {
            cancellationToken.ThrowIfCancellationRequested();
            long[] dimensions = [batch, 3, frames, side, side];
            var values = RandomInput((int)dimensions.Aggregate(1L, (p, d) => p * d), batch);
            // Two untimed rounds: libtorch's profiling executor optimises a TorchScript graph after its first runs.
            var warmup = 0.0;
            for (var round = 0; round < 2; round++)
            {
                warmup = Pass(onnx, values, dimensions) + Pass(torchScript, values, dimensions) + PyTorch(python, architecture, batch, warmup: 0);
            }

            var rounds = options.Repetitions ?? Math.Clamp((int)(options.Budget.TotalMilliseconds / Math.Max(warmup, 1)), 3, 9);
            List<double> onnxMs = [], torchScriptMs = [], pyTorchMs = [];
            for (var round = 0; round < rounds; round++)
            {
                onnxMs.Add(Pass(onnx, values, dimensions));
                torchScriptMs.Add(Pass(torchScript, values, dimensions));
                pyTorchMs.Add(PyTorch(python, architecture, batch, warmup: 0));
            }

            var timing = new FormatTiming(architecture, frames, side, batch, onnxMs, torchScriptMs, pyTorchMs);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  batch {batch}: ONNX Runtime {timing.OnnxMedian:F0} ms, TorchScript {timing.TorchScriptMedian:F0} ms, PyTorch {timing.PyTorchMedian:F0} ms; ONNX Runtime / PyTorch {timing.OnnxOverPyTorch:F2}, TorchScript / PyTorch {timing.TorchScriptOverPyTorch:F2}, TorchScript / ONNX Runtime {timing.TorchScriptOverOnnx:F2} ({rounds} rounds)"));
            yield return timing;
        }
    }

    /// <summary>A package opened as the silo's catalog opens it: ONNX on ONNX Runtime, TorchScript on libtorch.</summary>
    private static PackageSession Open(string package, int threads)
    {
        var (manifest, model) = ModelPackage.Open(package);
        // On the CPU, as PyTorch's side is.
        var options = new InferenceSessionOptions { ThreadCount = threads, PreferCuda = false };
        return PackageSession.Open(model, manifest, options, NullLoggerFactory.Instance);
    }

    /// <summary>One forward pass of the raw model (no activation), input already in its layout, in milliseconds.</summary>
    private static double Pass(PackageSession session, float[] values, long[] dimensions)
    {
        var started = Stopwatch.GetTimestamp();
        var rows = session.Run(values, dimensions);
        var elapsed = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        return rows.Length == dimensions[0] ? elapsed : throw new InvalidOperationException($"{rows.Length} rows for a batch of {dimensions[0]}.");
    }

    private static double PyTorch(PyTorchLatencyServer python, string architecture, int batch, int warmup) =>
        python.Ask(new JsonObject { ["torchvision"] = architecture, ["batch"] = batch, ["warmup"] = warmup, ["repetitions"] = 1 }, $"timing {architecture} at batch {batch}")
            ["milliseconds"]!.AsArray().Single()!.GetValue<double>();

    /// <summary>Standard-normal-ish values (a sum of uniforms), about the scale of a normalised clip.</summary>
    private static float[] RandomInput(int count, int seed)
    {
        var random = new Random(seed);
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = (random.NextSingle() + random.NextSingle() + random.NextSingle() - 1.5f) * 2f;
        }

        return values;
    }

    private static double Largest(float[] actual, float[] expected) => actual.Zip(expected, (a, e) => Math.Abs((double)a - e)).Max();

    private static int Top1(float[] logits) => Array.IndexOf(logits, logits.Max());

    private static JsonObject Json(FormatTiming t) => new()
    {
        ["model"] = t.Architecture, ["frames"] = t.Frames, ["side"] = t.Side, ["batch"] = t.Batch,
        ["onnxRuntimeMs"] = new JsonArray([.. t.OnnxMs.Select(v => JsonValue.Create(v))]),
        ["torchScriptMs"] = new JsonArray([.. t.TorchScriptMs.Select(v => JsonValue.Create(v))]),
        ["pyTorchMs"] = new JsonArray([.. t.PyTorchMs.Select(v => JsonValue.Create(v))]),
        ["onnxRuntimeOverPyTorch"] = t.OnnxOverPyTorch, ["torchScriptOverPyTorch"] = t.TorchScriptOverPyTorch, ["torchScriptOverOnnxRuntime"] = t.TorchScriptOverOnnx,
    };
}

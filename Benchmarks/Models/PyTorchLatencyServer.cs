using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace EdgeVision.Benchmarks.Models;

/// <summary>
/// The PyTorch side of the comparison: <c>pytorch_forward_latency.py --serve</c> as a child process, asked for one
/// case at a time over stdin/stdout so its measurements interleave with TorchSharp's in the same run.
/// </summary>
internal sealed class PyTorchLatencyServer : IDisposable
{
    private readonly Process process;

    private PyTorchLatencyServer(Process process, JsonObject hello)
    {
        this.process = process;
        Hello = hello;
    }

    /// <summary>The script's greeting: torch version, threads and build configuration (BLAS, OpenMP).</summary>
    public JsonObject Hello { get; }

    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Models", "pytorch_forward_latency.py");

    public static PyTorchLatencyServer Start(string python, int threads, string device)
    {
        var start = new ProcessStartInfo(python)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = false,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { ScriptPath, "--serve", "--device", device, "--threads", threads.ToString(System.Globalization.CultureInfo.InvariantCulture) })
        {
            start.ArgumentList.Add(argument);
        }

        // Same thread count for OpenMP/OpenBLAS as torch.set_num_threads gets, so neither side has more cores.
        start.Environment["OMP_NUM_THREADS"] = start.ArgumentList[^1];
        start.Environment["OPENBLAS_NUM_THREADS"] = start.ArgumentList[^1];
        var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {python}.");
        try
        {
            var hello = ReadLine(process) ?? throw new InvalidOperationException(
                $"{python} {ScriptPath} exited before it was ready (is python3-torch installed?).");
            return new PyTorchLatencyServer(process, hello);
        }
        catch
        {
            process.Kill();
            process.Dispose();
            throw;
        }
    }

    /// <summary>Times <paramref name="latencyCase"/> in PyTorch: one warm-up pass, then <paramref name="repetitions"/> timed passes.</summary>
    public IReadOnlyList<double> Time(LatencyCase latencyCase, int repetitions)
    {
        var answer = Ask(latencyCase, new JsonObject { ["warmup"] = 1, ["repetitions"] = repetitions }, "timing");
        return answer["milliseconds"]!.AsArray().Select(t => t!.GetValue<double>()).ToArray();
    }

    /// <summary>The twin's logits, flattened, for <paramref name="latencyCase"/>'s shape with the given state dict and raw float32 input.</summary>
    public IReadOnlyList<double> Logits(LatencyCase latencyCase, string weights, string input)
    {
        var answer = Ask(latencyCase, new JsonObject { ["weights"] = weights, ["input"] = input }, "checking");
        return answer["logits"]!.AsArray().Select(t => t!.GetValue<double>()).ToArray();
    }

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.StandardInput.Close();
            if (!process.WaitForExit(TimeSpan.FromSeconds(10)))
            {
                process.Kill();
            }
        }

        process.Dispose();
    }

    /// <summary>Sends <paramref name="request"/> as one line and reads the answer line; <paramref name="doing"/> names it in errors.</summary>
    public JsonObject Ask(JsonObject request, string doing)
    {
        ArgumentNullException.ThrowIfNull(request);
        process.StandardInput.WriteLine(request.ToJsonString());
        process.StandardInput.Flush();
        return ReadLine(process) ?? throw new InvalidOperationException($"PyTorch exited while {doing}.");
    }

    /// <summary>Sends the case's shape plus <paramref name="extra"/> as one request line and reads the answer line.</summary>
    private JsonObject Ask(LatencyCase latencyCase, JsonObject extra, string doing)
    {
        var request = new JsonObject
        {
            ["kind"] = latencyCase.Kind,
            ["side"] = latencyCase.Side,
            ["batch"] = latencyCase.Batch,
            ["sequence"] = latencyCase.Sequence,
            ["hidden"] = latencyCase.HiddenDim,
            ["layers"] = latencyCase.Layers,
            ["classes"] = latencyCase.Classes,
        };
        foreach (var (name, value) in extra.ToArray())
        {
            extra.Remove(name);
            request[name] = value;
        }

        return Ask(request, $"{doing} {latencyCase}");
    }

    private static JsonObject? ReadLine(Process process)
    {
        var line = process.StandardOutput.ReadLine();
        return line is null ? null : JsonNode.Parse(line)?.AsObject() ?? throw new JsonException($"Not a JSON object: {line}");
    }
}

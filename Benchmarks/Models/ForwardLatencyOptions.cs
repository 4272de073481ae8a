using System.Globalization;
using EdgeVision.Inference.Models;
using static EdgeVision.Benchmarks.ScenarioArguments;

namespace EdgeVision.Benchmarks.Models;

/// <summary>
/// Options of <see cref="ForwardLatencyScenario"/>: <c>--threads 2 --models convlstm,conv3d,transformer,hybrid
/// --sides 112,224 --batches 1,4,8 --sequences 8,16 --hidden-dim 32 --layers 2 --repetitions N --python /usr/bin/python3
/// --no-pytorch --device cpu|cuda --output FILE</c>. With --device cuda both sides run on the GPU and each timed pass ends
/// with the logits' copy to the host, which waits for the GPU (the CPU runs do the same copy). Without --repetitions each case gets as many passes as fit in about two seconds (3 to 9).
/// </summary>
internal sealed record ForwardLatencyOptions
{
    public int Threads { get; init; } = 2;

    public IReadOnlyList<string> Models { get; init; } = VideoModelKinds.All;

    public IReadOnlyList<int> Sides { get; init; } = [112, 224];

    public IReadOnlyList<int> Batches { get; init; } = [1, 4, 8];

    public IReadOnlyList<int> Sequences { get; init; } = [8, 16];

    public int HiddenDim { get; init; } = 32;

    public int Layers { get; init; } = 2;

    public int Classes { get; init; } = 10;

    public int? Repetitions { get; init; }

    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(2);

    // Debian's interpreter, where python3-torch installs (a pyenv python3 earlier on PATH would lack torch).
    public string? Python { get; init; } = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public string? Output { get; init; }

    /// <summary>Where both sides run the models: <c>cpu</c> or <c>cuda</c> (the first CUDA device).</summary>
    public string Device { get; init; } = "cpu";

    public IEnumerable<LatencyCase> Cases() =>
        from kind in Models
        from side in Sides
        from sequence in Sequences
        from batch in Batches
        select new LatencyCase(kind, side, batch, sequence, HiddenDim, Layers, Classes);

    public static ForwardLatencyOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ForwardLatencyOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--threads" => options with { Threads = Positive("--threads", Value()) },
                "--models" => options with { Models = Kinds(Value()) },
                "--sides" => options with { Sides = List("--sides", Value()) },
                "--batches" => options with { Batches = List("--batches", Value()) },
                "--sequences" => options with { Sequences = List("--sequences", Value()) },
                "--hidden-dim" => options with { HiddenDim = Positive("--hidden-dim", Value()) },
                "--layers" => options with { Layers = Positive("--layers", Value()) },
                "--repetitions" => options with { Repetitions = Positive("--repetitions", Value()) },
                "--python" => options with { Python = Value() },
                "--no-pytorch" => options with { Python = null },
                "--output" => options with { Output = Value() },
                "--device" => options with { Device = DeviceName(Value()) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --threads --models --sides --batches --sequences --hidden-dim --layers --repetitions --python --no-pytorch --device --output."),
            };
        }

        return options;
    }

    private static string DeviceName(string value) =>
        value.Trim().ToLowerInvariant() is "cpu" or "cuda"
            ? value.Trim().ToLowerInvariant()
            : throw new ArgumentException($"--device must be cpu or cuda (was '{value}').");
}

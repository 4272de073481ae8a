using static EdgeVision.Benchmarks.ScenarioArguments;

namespace EdgeVision.Benchmarks.Models;

/// <summary>
/// Options of <see cref="ModelFormatsScenario"/>: <c>--models r3d_18,mc3_18,r2plus1d_18,s3d,mvit_v2_s --batches 1,4
/// --frames 16 --size 112 --threads 2 --repetitions N --python /usr/bin/python3 --keep DIR --output FILE</c>. S3D and MViT
/// run at the smallest input they accept (S3D: 224 x 224; MViT: 16 x 224 x 224, fixed). Without --repetitions each case
/// gets as many rounds as fit in about six seconds (3 to 9). --keep leaves the exports and packages in DIR.
/// </summary>
internal sealed record ModelFormatsOptions
{
    /// <summary>torchvision 0.14's video classifiers, in the order they are measured.</summary>
    public static readonly IReadOnlyList<string> Architectures = ["r3d_18", "mc3_18", "r2plus1d_18", "s3d", "mvit_v2_s"];

    public IReadOnlyList<string> Models { get; init; } = Architectures;

    public IReadOnlyList<int> Batches { get; init; } = [1, 4];

    public int Frames { get; init; } = 16;

    public int Size { get; init; } = 112;

    public int Threads { get; init; } = 2;

    /// <summary>Kinetics-400's class count, so the classifier head is the published one.</summary>
    public int Classes { get; init; } = 400;

    public int? Repetitions { get; init; }

    public TimeSpan Budget { get; init; } = TimeSpan.FromSeconds(6);

    // Debian's interpreter, where python3-torch installs (a pyenv python3 earlier on PATH would lack torch).
    public string Python { get; init; } = File.Exists("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

    public string? Keep { get; init; }

    public string? Output { get; init; }

    /// <summary>
    /// The (frames, side) <paramref name="architecture"/> is measured at: the options' own, except S3D (its last pooling
    /// needs at least 14 frames of 224 x 224) and MViT (built for 16 x 224 x 224 and nothing else).
    /// </summary>
    public (int Frames, int Side) Input(string architecture) => architecture switch
    {
        "s3d" => (Math.Max(Frames, 14), Math.Max(Size, 224)),
        "mvit_v2_s" => (16, 224),
        _ => (Frames, Size),
    };

    public static ModelFormatsOptions Parse(IReadOnlyList<string> args)
    {
        var options = new ModelFormatsOptions();
        for (var i = 0; i < args.Count; i++)
        {
            string Value() => i + 1 < args.Count ? args[++i] : throw new ArgumentException($"{args[i]} needs a value.");
            options = args[i] switch
            {
                "--models" => options with { Models = ModelNames(Value()) },
                "--batches" => options with { Batches = List("--batches", Value()) },
                "--frames" => options with { Frames = Positive("--frames", Value()) },
                "--size" => options with { Size = Positive("--size", Value()) },
                "--threads" => options with { Threads = Positive("--threads", Value()) },
                "--repetitions" => options with { Repetitions = Positive("--repetitions", Value()) },
                "--python" => options with { Python = Value() },
                "--keep" => options with { Keep = Value() },
                "--output" => options with { Output = Value() },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Options: --models --batches --frames --size --threads --repetitions --python --keep --output."),
            };
        }

        return options;
    }

    private static string[] ModelNames(string value)
    {
        var names = value.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        var unknown = names.Except(Architectures, StringComparer.Ordinal).ToArray();
        return unknown.Length == 0 && names.Length > 0
            ? names
            : throw new ArgumentException($"--models: unknown architecture(s) {string.Join(", ", unknown)}. Valid: {string.Join(", ", Architectures)}.");
    }
}

using System.Globalization;

namespace EdgeVision.Benchmarks.Preprocessing;

/// <summary>Command line of the <c>preprocessing</c> scenario.</summary>
internal sealed record PreprocessingOptions
{
    /// <summary>Frames in the generated 640x480 H.264 file (a multiple of 16 keeps every frame in a sequence).</summary>
    public int Frames { get; init; } = 480;

    /// <summary>Timed repetitions of each variant (after one untimed warm-up); medians are reported.</summary>
    public int Repetitions { get; init; } = 5;

    public IReadOnlyList<int> Sides { get; init; } = [224, 112];

    public int JpegQuality { get; init; } = 85;

    public const string Usage = "preprocessing [--frames 480] [--repetitions 5] [--sides 224,112] [--jpeg-quality 85]";

    public static PreprocessingOptions Parse(IReadOnlyList<string> args)
    {
        var options = new PreprocessingOptions();
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]} needs a value. Usage: {Usage}");
            options = args[i] switch
            {
                "--frames" => options with { Frames = Positive(args[i], value) },
                "--repetitions" => options with { Repetitions = Positive(args[i], value) },
                "--sides" => options with { Sides = [.. value.Split(',').Select(side => Positive(args[i], side))] },
                "--jpeg-quality" => options with { JpegQuality = Positive(args[i], value) },
                _ => throw new ArgumentException($"Unknown option {args[i]}. Usage: {Usage}"),
            };
            i++;
        }

        return options;
    }

    private static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var n) && n > 0
            ? n
            : throw new ArgumentException($"{name} must be a positive integer (was '{value}'). Usage: {Usage}");
}

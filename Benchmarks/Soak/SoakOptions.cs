using System.Globalization;

namespace EdgeVision.Benchmarks.Soak;

/// <summary>
/// The soak's options: <c>--minutes M</c> (the run's length; each fault at least once from 3 on), <c>--output soak.json</c>,
/// <c>--embedded</c> (the embedded broker and one silo instead of mosquitto, Redis and two silos), <c>--edges N</c> (4),
/// <c>--slow-ms N</c> (the extra forward time of the slow-model phase, 1500), <c>--result-timeout S</c> (the edges'
/// <c>Edge:ResultTimeoutSeconds</c>, 30 as shipped).
/// </summary>
internal sealed record SoakOptions(double Minutes, string Output, bool Embedded, int Edges, int SlowMs, double ResultTimeoutSeconds)
{
    public const string Site = "soak";

    /// <summary>The latency budget the silos run to: wide enough for a loaded shared machine, small enough for the slow phase to break it.</summary>
    public const int TargetLatencyMs = 1000;

    public const int MaxLatencyMs = 4000;

    public TimeSpan Duration => TimeSpan.FromMinutes(Minutes);

    public static SoakOptions Parse(IReadOnlyList<string> args)
    {
        double minutes = 10;
        var output = "soak.json";
        var embedded = false;
        var edges = 4;
        var slowMs = 1500;
        double resultTimeout = 30;
        for (var i = 0; i < args.Count; i++)
        {
            switch (args[i])
            {
                case "--embedded":
                    embedded = true;
                    break;
                case "--minutes":
                    minutes = Number("--minutes", Value(args, ref i), 0.5, 24 * 60);
                    break;
                case "--output":
                    output = Value(args, ref i);
                    break;
                case "--edges":
                    edges = (int)Number("--edges", Value(args, ref i), 1, 16);
                    break;
                case "--slow-ms":
                    slowMs = (int)Number("--slow-ms", Value(args, ref i), 1, 10_000);
                    break;
                case "--result-timeout":
                    resultTimeout = Number("--result-timeout", Value(args, ref i), 1, 600);
                    break;
                default:
                    throw new ArgumentException($"Unknown option {args[i]}. Options: --minutes M, --output FILE, --embedded, --edges N, --slow-ms N, --result-timeout S.");
            }
        }

        return new SoakOptions(minutes, output, embedded, edges, slowMs, resultTimeout);
    }

    private static string Value(IReadOnlyList<string> args, ref int i) =>
        ++i < args.Count ? args[i] : throw new ArgumentException($"{args[i - 1]} needs a value.");

    private static double Number(string name, string text, double min, double max) =>
        double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max
            ? value
            : throw new ArgumentException($"{name} must be a number from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)} (was '{text}').");
}

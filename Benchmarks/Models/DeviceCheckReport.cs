using System.Globalization;
using System.Text.Json.Nodes;

namespace EdgeVision.Benchmarks.Models;

/// <summary>Prints <see cref="DeviceCheckScenario"/>'s two markdown tables from its JSON rows.</summary>
internal static class DeviceCheckReport
{
    public static void Print(IReadOnlyList<JsonObject> agreement, IReadOnlyList<JsonObject> timings, double tolerance)
    {
        Console.WriteLine();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Agreement (same clips through both sessions; tolerance {tolerance:G3} on probabilities):"));
        Console.WriteLine();
        Console.WriteLine("| model | device | clips | max abs probability difference | top-1 agreements | CPU top-1 correct | device top-1 correct |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var row in agreement)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row["kind"]} | {row["device"]} | {row["clips"]} | {row["maxAbsProbabilityDifference"]!.GetValue<double>():G3} | {row["top1Agreements"]} | {row["cpuTop1Correct"]?.ToString() ?? "-"} | {row["deviceTop1Correct"]?.ToString() ?? "-"} |"));
        }

        Console.WriteLine();
        Console.WriteLine("Predict latency (the silo's call: copy in, forward, probabilities back), medians:");
        Console.WriteLine();
        Console.WriteLine("| model | device | batch | CPU median ms | device median ms | CPU / device | timed passes each |");
        Console.WriteLine("|---|---|---|---|---|---|---|");
        foreach (var row in timings)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"| {row["kind"]} | {row["device"]} | {row["batch"]} | {row["cpuMedianMs"]!.GetValue<double>():F2} | {row["deviceMedianMs"]!.GetValue<double>():F2} | {row["cpuOverDevice"]!.GetValue<double>():F2} | {row["cpuMs"]!.AsArray().Count} |"));
        }

        Console.WriteLine();
    }
}

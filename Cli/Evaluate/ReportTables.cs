using System.Globalization;
using EdgeVision.Inference.Training;

namespace EdgeVision.Cli.Evaluate;

/// <summary>Per-class accuracy and the confusion matrix as aligned text tables.</summary>
internal static class ReportTables
{
    public static void Write(EvaluationReport report, TextWriter output)
    {
        var nameWidth = report.ClassNames.Max(n => n.Length);
        output.WriteLine();
        output.WriteLine($"{"class".PadRight(nameWidth)}  clips  accuracy");
        foreach (var row in report.PerClass)
        {
            var accuracy = row.Accuracy is { } a ? a.ToString("P1", CultureInfo.InvariantCulture) : "-";
            output.WriteLine($"{row.Name.PadRight(nameWidth)}  {row.Clips,5}  {accuracy,8}");
        }

        output.WriteLine();
        output.WriteLine("confusion matrix (rows: actual, columns: predicted, in class order)");
        for (var i = 0; i < report.ConfusionMatrix.Count; i++)
        {
            var cells = string.Join(" ", report.ConfusionMatrix[i].Select(c => c.ToString(CultureInfo.InvariantCulture).PadLeft(4)));
            output.WriteLine($"{report.ClassNames[i].PadRight(nameWidth)} {cells}");
        }
    }
}

using System.Text.Json;

namespace EdgeVision.Cli.Live;

/// <summary>One JSON object per line (camelCase, as <see cref="CliJson"/> names fields).</summary>
internal sealed class JsonLinesPredictionWriter(TextWriter output) : IPredictionWriter
{
    private static readonly JsonSerializerOptions Compact = new(CliJson.Options) { WriteIndented = false };

    public void Write(PredictionRecord record)
    {
        output.WriteLine(JsonSerializer.Serialize(record, Compact));
        output.Flush();
    }

    public void Dispose() => output.Dispose();
}

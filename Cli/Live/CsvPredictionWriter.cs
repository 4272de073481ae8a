using System.Globalization;

namespace EdgeVision.Cli.Live;

/// <summary>RFC 4180 CSV with a header row; the top-1 class only (the JSONL log carries the top classes).</summary>
internal sealed class CsvPredictionWriter : IPredictionWriter
{
    public const string Header =
        "sequence,first_frame,last_frame,captured_at,completed_at,status,label,true_label,confidence,latency_ms,inference_ms,queue_ms,batch_size,width,height,model,model_version,drop_reason";

    private readonly TextWriter _output;

    public CsvPredictionWriter(TextWriter output)
    {
        _output = output;
        _output.WriteLine(Header);
        _output.Flush();
    }

    public void Write(PredictionRecord record)
    {
        string[] fields =
        [
            Number(record.Sequence), Number(record.FirstFrame), Number(record.LastFrame), record.CapturedAt.ToString("O", CultureInfo.InvariantCulture),
            record.CompletedAt.ToString("O", CultureInfo.InvariantCulture), record.Status, Quote(record.Label), Quote(record.TrueLabel),
            Number(record.Confidence, "0.####"), Number(record.LatencyMs, "0.###"), Number(record.InferenceMs, "0.###"), Number(record.QueueMs, "0.###"),
            Number(record.BatchSize), Number(record.Width), Number(record.Height), Quote(record.Model), Quote(record.ModelVersion), Quote(record.DropReason),
        ];
        _output.WriteLine(string.Join(',', fields));
        _output.Flush();
    }

    public void Dispose() => _output.Dispose();

    /// <summary>A field quoted when it holds a comma, quote or line break (quotes doubled); empty for null.</summary>
    internal static string Quote(string? value) =>
        value is null ? ""
        : value.AsSpan().IndexOfAny(",\"\r\n") >= 0 ? $"\"{value.Replace("\"", "\"\"", StringComparison.Ordinal)}\""
        : value;

    private static string Number(long value) => value.ToString(CultureInfo.InvariantCulture);

    private static string Number(double? value, string format) => value?.ToString(format, CultureInfo.InvariantCulture) ?? "";
}

using System.CommandLine;
using EdgeVision.Cli.Reports;
using EdgeVision.Cli.Runs;

namespace EdgeVision.Cli.Benchmark;

/// <summary>
/// <c>edgevision benchmark</c>: source, preprocessing and model in one process, through the same batching engine
/// and latency controller as the silo (or, with <c>--cluster</c>, through MQTT and a running silo); live progress, then
/// a report (latency percentiles, real frames/s and sequences/s, batch sizes used, drops by reason, CPU and memory,
/// environment) printed and written as JSON.
/// </summary>
internal static class BenchmarkCommand
{
    public static Command Create()
    {
        var options = new RunOptions();
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the report as JSON here (schema: Cli/Reports/run-report.schema.json)." };
        var command = new GracefulStopCommand("benchmark",
            "Measure a model on a video source: latency percentiles, frames/s, batch sizes, drops by reason, CPU and memory.");
        options.AddTo(command);
        command.Options.Add(output);
        command.SetAction(async (parse, ct) =>
        {
            var settings = options.Read(parse);
            var config = parse.InvocationConfiguration;
            return await RunAsync(settings, parse.GetValue(output)?.FullName, config.Output, config.Error, ct);
        });
        return command;
    }

    internal static async Task<int> RunAsync(RunSettings settings, string? reportPath, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        var observer = new BenchmarkObserver(output, settings.Verbosity);
        var (report, exitCode) = await Runner.ExecuteAsync("benchmark", settings, labelsPath: null, observer, output, error, cancellationToken);
        if (report is null)
        {
            return exitCode;
        }

        if (reportPath is not null)
        {
            ReportFiles.Write(reportPath, report);
        }

        ReportText.Write(report, output);

        if (reportPath is not null)
        {
            output.WriteLine($"Wrote {reportPath}");
        }

        if (report.Plot is { } plot)
        {
            output.WriteLine($"Wrote {plot}");
        }

        return 0;
    }
}

using System.CommandLine;
using EdgeVision.Cli.CommandLine;
using EdgeVision.Cli.Reports;
using EdgeVision.Cli.Runs;

namespace EdgeVision.Cli.Live;

/// <summary>
/// <c>edgevision live</c>: predictions printed as they arrive (label, confidence, latency), optionally logged as
/// JSONL or CSV; on the source's end, Ctrl+C or SIGTERM the run drains and the final report is still written.
/// </summary>
internal static class LiveCommand
{
    public static Command Create()
    {
        var options = new RunOptions();
        var labels = new Option<FileInfo?>("--labels") { Description = "Class names, one per line in class order (default: the checkpoint's)." };
        var format = CommandOptions.Choice("--output-format", ["json", "csv"], "Format of --output-file: JSON lines or CSV.", defaultValue: "json");
        var file = new Option<FileInfo?>("--output-file") { Description = "Write every prediction and drop to this file as it happens (replacing the file)." };
        var reportFile = new Option<FileInfo?>("--report-file") { Description = "Write the final report as JSON here (also on Ctrl+C and SIGTERM)." };
        var command = new GracefulStopCommand("live", "Run a model on a live source and print predictions as they arrive; Ctrl+C stops and writes the report.")
        {
            labels, format, file, reportFile,
        };
        options.AddTo(command);
        options.Cluster.LocalOnly(labels);
        command.SetAction(async (parse, ct) =>
        {
            var request = new LiveRequest(options.Read(parse), parse.GetValue(labels)?.FullName, parse.GetValue(format)!.ToLowerInvariant(),
                parse.GetValue(file)?.FullName, parse.GetValue(reportFile)?.FullName);
            var config = parse.InvocationConfiguration;
            return await RunAsync(request, config.Output, config.Error, ct);
        });
        return command;
    }

    internal static async Task<int> RunAsync(LiveRequest request, TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        using var log = OpenLog(request);
        var observer = new LiveObserver(output, request.Settings.Verbosity, log);
        var (report, exitCode) = await Runner.ExecuteAsync("live", request.Settings, request.Labels, observer, output, error, cancellationToken);
        if (report is null)
        {
            return exitCode;
        }

        if (request.ReportFile is { } path)
        {
            ReportFiles.Write(path, report);
        }

        ReportText.Write(report, output);
        foreach (var written in new[] { request.OutputFile, request.ReportFile, report.Plot })
        {
            if (written is not null)
            {
                output.WriteLine($"Wrote {written}");
            }
        }

        return 0;
    }

    private static IPredictionWriter? OpenLog(LiveRequest request)
    {
        if (request.OutputFile is not { } path)
        {
            return null;
        }

        if (Path.GetDirectoryName(path) is { } directory)
        {
            Directory.CreateDirectory(directory);
        }

        var writer = new StreamWriter(path, append: false);
        return request.Format == "csv" ? new CsvPredictionWriter(writer) : new JsonLinesPredictionWriter(writer);
    }

    internal sealed record LiveRequest(RunSettings Settings, string? Labels, string Format, string? OutputFile, string? ReportFile);
}

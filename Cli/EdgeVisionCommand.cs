using System.CommandLine;
using EdgeVision.Cli.Benchmark;
using EdgeVision.Cli.Doctor;
using EdgeVision.Cli.Evaluate;
using EdgeVision.Cli.Live;
using EdgeVision.Cli.Models;
using EdgeVision.Cli.Runs;
using EdgeVision.Cli.Train;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Packages;

namespace EdgeVision.Cli;

/// <summary>The root of the <c>edgevision</c> command line.</summary>
public static class EdgeVisionCommand
{
    /// <summary>Exit code for a bad argument, a missing file or an unusable checkpoint (System.CommandLine uses 1 for parse errors).</summary>
    public const int UserErrorExitCode = 2;

    public static RootCommand Create() => new("EdgeVision: real-time video understanding across many cameras.")
    {
        TrainCommand.Create(),
        EvaluateCommand.Create(),
        DoctorCommand.Create(),
        BenchmarkCommand.Create(),
        LiveCommand.Create(),
        ModelsCommand.Create(),
    };

    /// <summary>
    /// Parses and runs <paramref name="args"/>. A user's mistake (bad value, missing file, wrong checkpoint) ends
    /// with one line on standard error and <see cref="UserErrorExitCode"/>, not a stack trace.
    /// </summary>
    public static async Task<int> InvokeAsync(string[] args, TextWriter? output = null, TextWriter? error = null,
        CancellationToken cancellationToken = default)
    {
        var parse = Create().Parse(args);
        if (output is not null)
        {
            parse.InvocationConfiguration.Output = output;
        }

        if (error is not null)
        {
            parse.InvocationConfiguration.Error = error;
        }

        parse.InvocationConfiguration.EnableDefaultExceptionHandler = false;
        if (parse.CommandResult.Command is GracefulStopCommand)
        {
            // benchmark and live stop gracefully on Ctrl+C/SIGTERM themselves and must not be cut off after 2 s.
            parse.InvocationConfiguration.ProcessTerminationTimeout = null;
        }

        try
        {
            return await parse.InvokeAsync(cancellationToken: cancellationToken);
        }
        catch (Exception e) when (e is ArgumentException or FileNotFoundException or DirectoryNotFoundException
                                      or CheckpointFormatException or CheckpointMismatchException
                                      or ModelImportException or FormatException)
        {
            parse.InvocationConfiguration.Error.WriteLine($"error: {e.Message}");
            return UserErrorExitCode;
        }
        catch (OperationCanceledException)
        {
            parse.InvocationConfiguration.Error.WriteLine("Cancelled.");
            return 130;
        }
    }
}

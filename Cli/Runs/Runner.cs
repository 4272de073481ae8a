using EdgeVision.Cli.Reports;
using EdgeVision.Cli.Runs.InProcess;
using EdgeVision.Cli.Runs.OverMqtt;

namespace EdgeVision.Cli.Runs;

/// <summary>A <c>benchmark</c> or <c>live</c> run: in this process (<see cref="InProcessRun"/>), or with <c>--cluster</c> over MQTT against a running system (<see cref="OverMqttRun"/>).</summary>
internal static class Runner
{
    /// <summary>
    /// The run's report; null with the exit code when its source delivered nothing (3) or its broker could not be used (4),
    /// which is said on <paramref name="error"/>.
    /// </summary>
    /// <param name="labelsPath">Class names for an in-process run (<c>live --labels</c>); a silo labels its own results.</param>
    public static async Task<(RunReport? Report, int ExitCode)> ExecuteAsync(string command, RunSettings settings, string? labelsPath, IRunObserver observer,
        TextWriter output, TextWriter error, CancellationToken cancellationToken)
    {
        try
        {
            var report = settings.Cluster is null
                ? await InProcessRun.ExecuteAsync(command, settings, labelsPath, observer, output, error, cancellationToken)
                : await OverMqttRun.ExecuteAsync(command, settings, observer, output, error, cancellationToken);
            return (report, 0);
        }
        catch (SourceUnavailableException e)
        {
            error.WriteLine($"error: {e.Message}");
            return (null, SourceUnavailableException.ExitCode);
        }
        catch (BrokerUnavailableException e)
        {
            error.WriteLine($"error: {e.Message}");
            return (null, BrokerUnavailableException.ExitCode);
        }
    }
}

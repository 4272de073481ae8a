using EdgeVision.Cli.Reports;
using EdgeVision.Cli.Runs;

namespace EdgeVision.Cli.Live;

/// <summary>Live inference prints every prediction as it arrives and appends it to the log, if one was asked for.</summary>
internal sealed class LiveObserver(TextWriter output, Verbosity verbosity, IPredictionWriter? log) : IRunObserver
{
    public void OnSequence(PredictionRecord record)
    {
        if (verbosity != Verbosity.Quiet)
        {
            output.WriteLine(PredictionLine.Format(record));
        }

        log?.Write(record);
    }

    public void OnAdaptiveChange(AdaptiveChange change)
    {
        if (verbosity != Verbosity.Quiet)
        {
            output.WriteLine(AdaptiveLine.Format(change));
        }
    }
}

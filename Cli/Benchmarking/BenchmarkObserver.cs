using EdgeVision.Cli.Live;
using EdgeVision.Cli.Reports;

namespace EdgeVision.Cli.Benchmarking;

/// <summary>The benchmark prints sequences and controller decisions only with --verbose; progress lines cover the rest.</summary>
internal sealed class BenchmarkObserver(TextWriter output, Verbosity verbosity) : IRunObserver
{
    public void OnSequence(PredictionRecord record)
    {
        if (verbosity == Verbosity.Verbose)
        {
            output.WriteLine(PredictionLine.Format(record));
        }
    }

    public void OnAdaptiveChange(AdaptiveChange change)
    {
        if (verbosity != Verbosity.Quiet)
        {
            output.WriteLine(AdaptiveLine.Format(change));
        }
    }
}

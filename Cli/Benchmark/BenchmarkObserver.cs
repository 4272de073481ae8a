using EdgeVision.Cli.Live;
using EdgeVision.Cli.Reports;
using EdgeVision.Cli.Runs;

namespace EdgeVision.Cli.Benchmark;

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

using EdgeVision.Cli.Live;
using EdgeVision.Cli.Reports;

namespace EdgeVision.Cli.Runs;

/// <summary>What a command does with a run's events as they happen. Called from the engine's completion threads, one at a time.</summary>
internal interface IRunObserver
{
    /// <summary>A sequence's prediction or drop.</summary>
    void OnSequence(PredictionRecord record);

    /// <summary>The latency controller changed the settings.</summary>
    void OnAdaptiveChange(AdaptiveChange change);
}

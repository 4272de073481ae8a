using EdgeVision.Edge.Sources;

namespace EdgeVision.Cli.Runs;

/// <summary>Remembers the last thing a source said before a stop overwrote it, to explain a source that never delivered.</summary>
internal sealed class SourceWatch
{
    private SourceStatus? _lastProblem;

    public SourceWatch(IFrameSource source)
    {
        source.StatusChanged += status =>
        {
            if (status.Reason is not null && status.State is SourceState.Failed or SourceState.Reconnecting)
            {
                Volatile.Write(ref _lastProblem, status);
            }
        };
    }

    public string Explain(string source, TimeSpan? waited)
    {
        var problem = Volatile.Read(ref _lastProblem);
        var why = problem is null ? "" : $": {problem.Reason}";
        return waited is { } timeout
            ? $"Source '{source}' delivered no frame within {timeout.TotalSeconds:0.#} s (--connect-timeout){why}."
            : $"Source '{source}' delivered no frame{(problem is null ? " (it ended at once)" : why)}.";
    }
}

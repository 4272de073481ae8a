namespace EdgeVision.Edge.Sources;

/// <summary>The state-and-event half every source shares; sources compose it rather than inherit it.</summary>
internal sealed class StatusTracker
{
    private volatile SourceStatus _status = SourceStatus.Initial;

    public SourceStatus Status => _status;

    public event Action<SourceStatus>? Changed;

    /// <summary>Back to <see cref="SourceState.Connecting"/> for a new run, even from a final state.</summary>
    public void Restart()
    {
        _status = SourceStatus.Initial;
        Changed?.Invoke(SourceStatus.Initial);
    }

    public void Set(SourceState state, string? reason = null, int attempt = 0)
    {
        // A final state is final: a late cancellation must not turn Failed into Ended.
        if (_status.IsFinal)
        {
            return;
        }

        var next = new SourceStatus(state, reason, attempt);
        if (next == _status)
        {
            return;
        }

        _status = next;
        Changed?.Invoke(next);
    }
}

namespace EdgeVision.Cli.Runs;

/// <summary>
/// Asks a run to end gracefully: the source stops, what is already captured is still processed, and the report is
/// written. The first request's reason wins.
/// </summary>
internal sealed class StopRequest : IDisposable
{
    private readonly CancellationTokenSource _source = new();
    private string? _reason;

    public CancellationToken Token => _source.Token;

    public string? Reason => Volatile.Read(ref _reason);

    public bool IsRequested => _source.IsCancellationRequested;

    /// <summary>Requests the stop; returns false when one was already requested.</summary>
    public bool Request(string reason)
    {
        if (Interlocked.CompareExchange(ref _reason, reason, null) is not null)
        {
            return false;
        }

        _source.Cancel();
        return true;
    }

    public void Dispose() => _source.Dispose();
}

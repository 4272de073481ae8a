namespace EdgeVision.Benchmarks.Soak;

/// <summary>Scrapes every running edge agent's <c>/metrics</c> every few seconds and keeps each agent process's latest tally.</summary>
internal sealed class EdgeScraper(TimeProvider time) : IDisposable
{
    private readonly HttpClient _http = new() { Timeout = TimeSpan.FromSeconds(5) };
    private readonly Dictionary<ProcessLife, EdgeTally> _latest = [];

    public async Task RunAsync(Func<IReadOnlyList<SoakEdge>> edges, TimeSpan interval, CancellationToken cancellationToken)
    {
        using var timer = new PeriodicTimer(interval, time);
        while (await timer.WaitForNextTickAsync(cancellationToken))
        {
            foreach (var edge in edges())
            {
                await ScrapeAsync(edge, cancellationToken);
            }
        }
    }

    /// <summary>Scrapes <paramref name="edge"/>'s current process now (before it is killed, at the end); false when it did not answer.</summary>
    public async Task<bool> ScrapeAsync(SoakEdge edge, CancellationToken cancellationToken)
    {
        if (edge is not { Life: { EndedAt: null } life, MetricsAddress: { } address })
        {
            return false;
        }

        try
        {
            var metrics = await Testing.MultiProcessMetrics.ScrapeAsync(_http, address, cancellationToken);
            lock (_latest)
            {
                _latest[life] = EdgeTally.From(metrics, time.GetUtcNow());
            }

            return true;
        }
        catch (HttpRequestException)
        {
            return false;
        }
        catch (TaskCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return false; // Timed out: a loaded machine; the next scrape tries again.
        }
    }

    public IReadOnlyDictionary<ProcessLife, EdgeTally> Latest()
    {
        lock (_latest)
        {
            return new Dictionary<ProcessLife, EdgeTally>(_latest);
        }
    }

    public void Dispose() => _http.Dispose();
}

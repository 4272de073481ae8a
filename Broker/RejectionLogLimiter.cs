using System.Collections.Concurrent;

namespace EdgeVision.Broker;

/// <summary>
/// Lets one log line per client and reason through per interval, so a misconfigured camera publishing 30 times a
/// second to a forbidden topic produces a line every few seconds with a count, not a flood.
/// </summary>
internal sealed class RejectionLogLimiter(TimeProvider time, TimeSpan interval)
{
    private readonly ConcurrentDictionary<(string Client, string Reason), Entry> _entries = new();

    /// <summary>True when this rejection should be logged; <paramref name="suppressed"/> counts the ones skipped since the last line.</summary>
    public bool ShouldLog(string clientId, string reason, out long suppressed)
    {
        var now = time.GetTimestamp();
        var entry = _entries.GetOrAdd((clientId, reason), static _ => new Entry());
        lock (entry)
        {
            if (entry.LastLogged is { } last && time.GetElapsedTime(last, now) < interval)
            {
                entry.Suppressed++;
                suppressed = 0;
                return false;
            }

            suppressed = entry.Suppressed;
            entry.Suppressed = 0;
            entry.LastLogged = now;
            return true;
        }
    }

    /// <summary>Forgets a client (on disconnect), which keeps the table as small as the set of connected clients.</summary>
    public void Forget(string clientId)
    {
        foreach (var key in _entries.Keys)
        {
            if (key.Client == clientId)
            {
                _entries.TryRemove(key, out _);
            }
        }
    }

    private sealed class Entry
    {
        public long? LastLogged { get; set; }

        public long Suppressed { get; set; }
    }
}

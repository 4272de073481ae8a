using System.Collections.Concurrent;

namespace EdgeVision.Contracts.Telemetry;

/// <summary>
/// Lets one log line per key through per interval and counts the ones it held back, so a broken publisher sending
/// 30 bad messages a second produces a line every few seconds with a count, not a flood. Keys must be bounded
/// (a rejection reason, a camera). Shared by the edge, the silo, the broker and the dashboard.
/// </summary>
public sealed class LogRateLimiter(TimeProvider time, TimeSpan interval)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    /// <summary>True when a line for <paramref name="key"/> should be written; <paramref name="suppressed"/> counts those skipped since the last one.</summary>
    public bool ShouldLog(string key, out long suppressed)
    {
        var now = time.GetTimestamp();
        var entry = _entries.GetOrAdd(key, static _ => new Entry());
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

    /// <summary>Forgets every key <paramref name="matches"/> selects (e.g. a disconnected client's), keeping the table bounded.</summary>
    public void Forget(Func<string, bool> matches)
    {
        foreach (var key in _entries.Keys)
        {
            if (matches(key))
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

using System.Collections.Concurrent;

namespace EdgeVision.Dashboard.Mqtt;

/// <summary>
/// One log line per rejection reason per interval, with the count of the ones skipped in between, so a publisher
/// sending garbage 30 times a second produces a line every few seconds rather than a flood. Keys are the bounded
/// reason tags, so the table stays small.
/// </summary>
internal sealed class RejectionLogLimiter(TimeProvider time, TimeSpan interval)
{
    private readonly ConcurrentDictionary<string, Entry> _entries = new(StringComparer.Ordinal);

    public bool ShouldLog(string reason, out long suppressed)
    {
        var now = time.GetTimestamp();
        var entry = _entries.GetOrAdd(reason, static _ => new Entry());
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

    private sealed class Entry
    {
        public long? LastLogged { get; set; }

        public long Suppressed { get; set; }
    }
}

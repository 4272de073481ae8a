namespace EdgeVision.Edge.Control;

/// <summary>
/// Lets one log line per key through per interval and counts the ones held back, so a publisher sending garbage
/// 30 times a second yields a line every few seconds with a count instead of a flood. Thread-safe.
/// </summary>
public sealed class LogRateLimiter(TimeProvider time, TimeSpan interval)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (long LastLogged, long Suppressed)> _entries = new(StringComparer.Ordinal);

    /// <summary>True when a line for <paramref name="key"/> should be written; <paramref name="suppressed"/> counts those skipped since the last.</summary>
    public bool ShouldLog(string key, out long suppressed)
    {
        var now = time.GetTimestamp();
        lock (_gate)
        {
            if (_entries.TryGetValue(key, out var entry) && time.GetElapsedTime(entry.LastLogged, now) < interval)
            {
                _entries[key] = entry with { Suppressed = entry.Suppressed + 1 };
                suppressed = 0;
                return false;
            }

            suppressed = entry.Suppressed;
            _entries[key] = (now, 0);
            return true;
        }
    }
}

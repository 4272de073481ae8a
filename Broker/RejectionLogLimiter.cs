using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Broker;

/// <summary>
/// Lets one log line per client and reason through per interval, so a misconfigured camera publishing 30 times a
/// second to a forbidden topic produces a line every few seconds with a count, not a flood. The shared
/// <see cref="LogRateLimiter"/> keyed by client and reason; clients come and go, so a client's keys are forgotten
/// when it disconnects.
/// </summary>
internal sealed class RejectionLogLimiter(TimeProvider time, TimeSpan interval)
{
    // Client ids cannot contain a NUL (MQTT UTF-8 strings exclude U+0000), so it separates the two parts unambiguously.
    private const char Separator = '\0';

    private readonly LogRateLimiter _limiter = new(time, interval);

    /// <summary>True when this rejection should be logged; <paramref name="suppressed"/> counts the ones skipped since the last line.</summary>
    public bool ShouldLog(string clientId, string reason, out long suppressed) =>
        _limiter.ShouldLog(clientId + Separator + reason, out suppressed);

    /// <summary>Forgets a client (on disconnect), which keeps the table as small as the set of connected clients.</summary>
    public void Forget(string clientId)
    {
        var prefix = clientId + Separator;
        _limiter.Forget(key => key.StartsWith(prefix, StringComparison.Ordinal));
    }
}

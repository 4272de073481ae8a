namespace EdgeVision.Mqtt;

/// <summary>
/// Exponential backoff with jitter for reconnect attempt n (1-based). Shared by every reconnect loop: every MQTT client
/// (<see cref="MqttConnectionKeeper"/>) and the edge's network camera source; the jitter keeps many clients that lost one
/// broker from reconnecting in lock step.
/// </summary>
public static class ReconnectBackoff
{
    /// <summary>The usual spread: ±20% around the nominal delay.</summary>
    public const double DefaultJitter = 0.2;

    /// <param name="unitRandom">A value in [0, 1): 0.5 gives the nominal delay.</param>
    public static TimeSpan Delay(int attempt, TimeSpan initial, TimeSpan max, double jitter, double unitRandom)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var nominal = initial.TotalMilliseconds * Math.Pow(2, Math.Min(attempt - 1, 30));
        var capped = Math.Min(nominal, max.TotalMilliseconds);
        var spread = 1 + (jitter * ((2 * unitRandom) - 1));
        return TimeSpan.FromMilliseconds(capped * spread);
    }
}

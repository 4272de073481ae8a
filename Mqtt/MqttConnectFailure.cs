namespace EdgeVision.Mqtt;

/// <summary>A failed connect attempt of <see cref="MqttConnectionKeeper"/>.</summary>
/// <param name="Attempt">Failed attempts in a row, this one included.</param>
/// <param name="Reason">Why, as a user can act on it (refused, unreachable, certificate not trusted, ...).</param>
/// <param name="RetryIn">When the next attempt is due.</param>
public sealed record MqttConnectFailure(int Attempt, string Reason, TimeSpan RetryIn);

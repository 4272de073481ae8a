namespace EdgeVision.Dashboard.Mqtt;

/// <summary>The dashboard's own link to the broker, as its health section shows it.</summary>
/// <param name="Since">When the current state (connected or not) began; null before the first attempt.</param>
/// <param name="FailedAttempts">Connection attempts that failed since the last success.</param>
/// <param name="NextAttemptAt">When the next attempt is due while disconnected.</param>
public sealed record BrokerConnectionSnapshot(
    string Endpoint,
    string? Username,
    bool Connected,
    DateTimeOffset? Since,
    int FailedAttempts,
    string? LastError,
    DateTimeOffset? NextAttemptAt,
    IReadOnlyList<SubscriptionSnapshot> Subscriptions);

using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Topics;
using EdgeVision.Mqtt;

namespace EdgeVision.Silo.Mqtt;

/// <summary>
/// How the silo reaches the MQTT broker (<c>Silo:Mqtt</c> section): the connection keys every component shares
/// (<see cref="MqttConnectionOptions"/>: host, credentials, TLS, reconnect delays in seconds) and the silo's ingestion
/// and publishing keys. Validated at start. <c>ClientId</c> is a prefix (default <c>silo-{machine}</c>): the silo
/// appends <c>-ingest</c> and <c>-publish</c>, and it must stay the same across restarts for the broker to keep the
/// ingestion session (unacknowledged sequences) for it.
/// </summary>
public sealed class SiloMqttOptions : MqttConnectionOptions
{
    public const string SectionName = "Silo:Mqtt";

    /// <summary>The session expiry of a silo that takes every camera's sequences alone.</summary>
    public const int DefaultSessionExpirySeconds = 300;

    public SiloMqttOptions()
    {
        ReconnectMinDelaySeconds = 0.25;
        ReconnectMaxDelaySeconds = 10;
    }

    /// <summary>
    /// MQTT 5 shared subscription group. Empty: one silo takes every camera's sequences (<c>edgevision/+/+/sequences</c>).
    /// Set (e.g. <c>silos</c>) when several silos share the load: <c>$share/silos/edgevision/+/+/sequences</c>, so the
    /// broker gives each sequence to one of them. The embedded broker does not support shared subscriptions.
    /// </summary>
    public string? SharedSubscriptionGroup { get; set; }

    /// <summary>Only this site's cameras; empty for every site.</summary>
    public string? Site { get; set; }

    /// <summary>
    /// Sequences handed to camera grains at once. Each camera maps to one lane, so one camera's sequences reach its
    /// grain in the order received; lanes run in parallel.
    /// </summary>
    public int IngestionLanes { get; set; } = 8;

    /// <summary>Decoded sequences waiting in one lane; when full, the MQTT receive loop waits (backpressure).</summary>
    public int LaneCapacity { get; set; } = 16;

    /// <summary>
    /// How long the broker keeps the ingestion session (its subscription and unacknowledged sequences) after a
    /// disconnect; 0 starts clean every time. Unset: <see cref="DefaultSessionExpirySeconds"/> for a lone subscriber,
    /// 0 with a <see cref="SharedSubscriptionGroup"/>. A shared subscription with a kept session is a trap: mosquitto
    /// (2.0, checked) goes on giving that session its share of the group's messages while the silo is down, and they
    /// wait there for the same client id to come back, or are discarded unseen when the session expires.
    /// </summary>
    public int? SessionExpirySeconds { get; set; }

    /// <summary><see cref="SessionExpirySeconds"/>, or its default for this subscription.</summary>
    public int EffectiveSessionExpirySeconds =>
        SessionExpirySeconds ?? (string.IsNullOrEmpty(SharedSubscriptionGroup) ? DefaultSessionExpirySeconds : 0);

    /// <summary>Results and control messages waiting for the broker; beyond it the oldest is dropped and counted.</summary>
    public int PublishQueueCapacity { get; set; } = 10_000;

    protected override void Validate(ValidationErrors errors)
    {
        base.Validate(errors);
        errors.Range(nameof(IngestionLanes), IngestionLanes, 1, 1024);
        errors.Range(nameof(LaneCapacity), LaneCapacity, 1, 100_000);
        if (SessionExpirySeconds is { } expiry)
        {
            errors.Range(nameof(SessionExpirySeconds), expiry, 0, 7 * 24 * 3600);
        }

        errors.Range(nameof(PublishQueueCapacity), PublishQueueCapacity, 1, 10_000_000);
        if (SharedSubscriptionGroup is { Length: > 0 } group && Identifiers.Explain(group) is { } groupProblem)
        {
            errors.Add(nameof(SharedSubscriptionGroup), groupProblem);
        }

        if (Site is { Length: > 0 } site && Identifiers.Explain(site) is { } siteProblem)
        {
            errors.Add(nameof(Site), siteProblem);
        }
    }

    /// <summary>The silo appends <c>-ingest</c> and <c>-publish</c>, so its prefix keeps to the identifier alphabet.</summary>
    protected override string? ExplainClientId(string clientId) => Identifiers.Explain(clientId);
}

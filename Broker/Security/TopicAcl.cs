using EdgeVision.Contracts.Topics;

namespace EdgeVision.Broker.Security;

/// <summary>
/// Who may publish and subscribe where on <c>edgevision/{site}/{camera}/{kind}</c>. Pure: no server, no state.
/// <list type="bullet">
/// <item>Camera: publishes its own sequences, status and preview; subscribes to its own control, results and drop notices (to settle what it published).</item>
/// <item>Silo: subscribes to every camera's sequences and status (plain or <c>$share/…</c>); publishes results, control, latency reports and drop
/// notices, and a silo status on <c>edgevision/_silos/{siloId}</c>.</item>
/// <item>Subscriber: subscribes to results, status, control, latency and drops (to watch the adaptive actions, their causes and the drops),
/// previews and the silos' statuses; publishes nothing.</item>
/// <item>Admin: anything.</item>
/// </list>
/// </summary>
internal static class TopicAcl
{
    private static readonly string[] SiloFilters =
        [MqttTopics.Filter(TopicKind.Sequences), MqttTopics.Filter(TopicKind.Status)];

    private static readonly string[] SubscriberFilters =
        [
            MqttTopics.Filter(TopicKind.Results), MqttTopics.Filter(TopicKind.Status), MqttTopics.Filter(TopicKind.Control),
            MqttTopics.Filter(TopicKind.Latency), MqttTopics.Filter(TopicKind.Drops), MqttTopics.Filter(TopicKind.Preview), MqttTopics.SiloStatusFilter,
        ];

    public static bool CanPublish(BrokerPrincipal principal, string topic)
    {
        if (principal.Role == BrokerRole.Admin)
        {
            return true;
        }

        if (MqttTopics.TryParseSiloStatus(topic, out _))
        {
            return principal.Role == BrokerRole.Silo;
        }

        // Concrete topics only: TryParse rejects wildcards, other roots and extra levels.
        if (!MqttTopics.TryParse(topic, out var parsed))
        {
            return false;
        }

        return principal.Role switch
        {
            BrokerRole.Camera => OwnsCamera(principal, parsed) && parsed.Kind is TopicKind.Sequences or TopicKind.Status or TopicKind.Preview,
            BrokerRole.Silo => parsed.Kind is TopicKind.Results or TopicKind.Control or TopicKind.Latency or TopicKind.Drops,
            _ => false,
        };
    }

    public static bool CanSubscribe(BrokerPrincipal principal, string filter)
    {
        var shared = TopicFilters.TryUnwrapShared(filter, out var inner, out var malformed);
        if (malformed || !TopicFilters.IsValidFilter(inner))
        {
            return false;
        }

        return principal.Role switch
        {
            BrokerRole.Admin => true,
            // A camera has no reason to share its topics with other clients.
            BrokerRole.Camera => !shared && principal is { Site: { } site, Camera: { } camera }
                && (inner == MqttTopics.Build(site, camera, TopicKind.Control)
                    || inner == MqttTopics.Build(site, camera, TopicKind.Results)
                    || inner == MqttTopics.Build(site, camera, TopicKind.Drops)),
            BrokerRole.Silo => CoveredByAny(SiloFilters, inner),
            BrokerRole.Subscriber => CoveredByAny(SubscriberFilters, inner),
            _ => false,
        };
    }

    private static bool OwnsCamera(BrokerPrincipal principal, CameraTopic topic) =>
        string.Equals(principal.Site, topic.Site, StringComparison.Ordinal)
        && string.Equals(principal.Camera, topic.Camera, StringComparison.Ordinal);

    private static bool CoveredByAny(string[] allowed, string filter)
    {
        foreach (var pattern in allowed)
        {
            if (TopicFilters.Covers(pattern, filter))
            {
                return true;
            }
        }

        return false;
    }
}

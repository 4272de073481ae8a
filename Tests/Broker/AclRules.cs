using EdgeVision.Broker;
using EdgeVision.Contracts.Topics;
using EdgeVision.Tests.Cli;

namespace EdgeVision.Tests.Broker;

/// <summary>
/// The ACL as a user reads it in docs/mqtt.md ("Accounts and ACL"), written out topic by topic: the accounts of the
/// shipped mosquitto ACL (k8s/base/mosquitto.acl), one per role, and what each may publish and read. Everything else in
/// <see cref="Topics"/> and <see cref="Filters"/> is forbidden. Written independently of <c>TopicAcl</c>, so that a test
/// comparing a broker with it checks the broker, not the code against itself.
/// </summary>
internal static class AclRules
{
    public const string Site = "cluster";
    public const string Camera = "camera-1";
    public const string OtherCamera = "camera-2";
    public const string Password = "acl-test-password";

    /// <summary>One account per role, named as in the shipped mosquitto ACL.</summary>
    public static readonly BrokerUser[] Users =
    [
        new() { Username = "camera-1", Password = Password, Role = BrokerRole.Camera, Site = Site, Camera = Camera },
        new() { Username = "silo", Password = Password, Role = BrokerRole.Silo },
        new() { Username = "dashboard", Password = Password, Role = BrokerRole.Subscriber },
        new() { Username = "admin", Password = Password, Role = BrokerRole.Admin },
    ];

    public static string ShippedMosquittoAcl => Path.Combine(BenchmarkTestKit.RepositoryRoot(), "k8s", "base", "mosquitto.acl");

    public static string SiloStatus => MqttTopics.SiloStatus("silo-a");

    /// <summary>Concrete topics: every kind of the account's own camera and of another camera, a silo status, and topics outside the scheme.</summary>
    public static IReadOnlyList<string> Topics { get; } =
    [
        .. Enum.GetValues<TopicKind>().Select(kind => MqttTopics.Build(Site, Camera, kind)),
        .. Enum.GetValues<TopicKind>().Select(kind => MqttTopics.Build(Site, OtherCamera, kind)),
        SiloStatus,
        $"edgevision/{Site}/{Camera}",
        $"edgevision/{Site}/{Camera}/sequences/extra",
        "other/topic",
    ];

    /// <summary>Subscription filters: every topic of both cameras, every kind across cameras, the silos' statuses, and wide filters.</summary>
    public static IReadOnlyList<string> Filters { get; } =
    [
        .. Enum.GetValues<TopicKind>().Select(kind => MqttTopics.Build(Site, Camera, kind)),
        .. Enum.GetValues<TopicKind>().Select(kind => MqttTopics.Build(Site, OtherCamera, kind)),
        .. Enum.GetValues<TopicKind>().Select(kind => MqttTopics.Filter(kind)),
        MqttTopics.SiloStatusFilter,
        $"edgevision/{Site}/{Camera}/#",
        "edgevision/+/+/+",
        "edgevision/#",
        "#",
    ];

    /// <summary>What <paramref name="role"/> may publish, of <see cref="Topics"/>.</summary>
    public static bool MayPublish(BrokerRole role, string topic) => role switch
    {
        BrokerRole.Camera => Own(topic, TopicKind.Sequences, TopicKind.Status, TopicKind.Preview),
        BrokerRole.Silo => topic == SiloStatus || AnyCamera(topic, TopicKind.Results, TopicKind.Control, TopicKind.Latency, TopicKind.Drops),
        BrokerRole.Admin => true,
        _ => false,
    };

    /// <summary>Whether <paramref name="role"/> may subscribe to <paramref name="filter"/> (of <see cref="Filters"/>): only when it may read every topic the filter matches.</summary>
    public static bool MaySubscribe(BrokerRole role, string filter) => role switch
    {
        BrokerRole.Camera => Own(filter, TopicKind.Control, TopicKind.Results, TopicKind.Drops),
        BrokerRole.Silo => filter == MqttTopics.Filter(TopicKind.Sequences) || filter == MqttTopics.Filter(TopicKind.Status)
            || AnyCamera(filter, TopicKind.Sequences, TopicKind.Status),
        BrokerRole.Subscriber => filter == MqttTopics.SiloStatusFilter || SubscriberKinds.Any(kind => filter == MqttTopics.Filter(kind)) || AnyCamera(filter, SubscriberKinds),
        BrokerRole.Admin => true,
        _ => false,
    };

    /// <summary>Whether <paramref name="role"/> may read the concrete <paramref name="topic"/>.</summary>
    public static bool MayRead(BrokerRole role, string topic) => MaySubscribe(role, topic) || (role == BrokerRole.Subscriber && topic == SiloStatus);

    private static readonly TopicKind[] SubscriberKinds =
        [TopicKind.Results, TopicKind.Status, TopicKind.Control, TopicKind.Latency, TopicKind.Drops, TopicKind.Preview];

    private static bool Own(string topic, params TopicKind[] kinds) => kinds.Any(kind => topic == MqttTopics.Build(Site, Camera, kind));

    private static bool AnyCamera(string topic, params TopicKind[] kinds) =>
        kinds.Any(kind => topic == MqttTopics.Build(Site, Camera, kind) || topic == MqttTopics.Build(Site, OtherCamera, kind));
}

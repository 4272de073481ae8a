using EdgeVision.Broker;
using EdgeVision.Broker.Security;

namespace EdgeVision.Tests.Broker;

public sealed class TopicAclTests
{
    private static readonly BrokerPrincipal Camera = new("cam-1", BrokerRole.Camera, "site-a", "cam1");
    private static readonly BrokerPrincipal Silo = new("silo", BrokerRole.Silo);
    private static readonly BrokerPrincipal Subscriber = new("viewer", BrokerRole.Subscriber);
    private static readonly BrokerPrincipal Admin = new("admin", BrokerRole.Admin);

    public static TheoryData<BrokerRole, string, bool> PublishCases => new()
    {
        { BrokerRole.Camera, "edgevision/site-a/cam1/sequences", true },
        { BrokerRole.Camera, "edgevision/site-a/cam1/status", true },
        { BrokerRole.Camera, "edgevision/site-a/cam1/results", false },
        { BrokerRole.Camera, "edgevision/site-a/cam1/control", false },
        { BrokerRole.Camera, "edgevision/site-a/cam1/latency", false },
        { BrokerRole.Camera, "edgevision/site-a/cam1/drops", false },
        { BrokerRole.Camera, "edgevision/site-a/cam2/sequences", false },
        { BrokerRole.Camera, "edgevision/site-b/cam1/sequences", false },
        { BrokerRole.Camera, "edgevision/site-a/cam1/sequences/extra", false },
        { BrokerRole.Camera, "edgevision/site-a/CAM1/sequences", false },
        { BrokerRole.Camera, "other/site-a/cam1/sequences", false },
        { BrokerRole.Camera, "edgevision/site-a/cam1/preview", true },
        { BrokerRole.Camera, "edgevision/site-a/cam2/preview", false },
        { BrokerRole.Camera, "edgevision/_silos/cam1", false },
        { BrokerRole.Silo, "edgevision/site-a/cam1/results", true },
        { BrokerRole.Silo, "edgevision/site-b/cam9/control", true },
        { BrokerRole.Silo, "edgevision/site-b/cam9/latency", true },
        { BrokerRole.Silo, "edgevision/site-b/cam9/drops", true },
        { BrokerRole.Silo, "edgevision/site-a/cam1/sequences", false },
        { BrokerRole.Silo, "edgevision/site-a/cam1/status", false },
        { BrokerRole.Silo, "edgevision/results", false },
        { BrokerRole.Silo, "edgevision/_silos/silo-a", true },
        { BrokerRole.Silo, "edgevision/_silos/silo-a/extra", false },
        { BrokerRole.Silo, "edgevision/_silos/+", false },
        { BrokerRole.Silo, "edgevision/site-a/cam1/preview", false },
        { BrokerRole.Subscriber, "edgevision/_silos/silo-a", false },
        { BrokerRole.Subscriber, "edgevision/site-a/cam1/results", false },
        { BrokerRole.Subscriber, "edgevision/site-a/cam1/status", false },
        { BrokerRole.Subscriber, "edgevision/site-a/cam1/latency", false },
        { BrokerRole.Subscriber, "edgevision/site-a/cam1/drops", false },
        { BrokerRole.Admin, "edgevision/site-a/cam1/control", true },
        { BrokerRole.Admin, "anything/at/all", true },
    };

    public static TheoryData<BrokerRole, string, bool> SubscribeCases => new()
    {
        { BrokerRole.Camera, "edgevision/site-a/cam1/control", true },
        { BrokerRole.Camera, "edgevision/site-a/cam2/control", false },
        { BrokerRole.Camera, "edgevision/site-a/+/control", false },
        { BrokerRole.Camera, "edgevision/+/+/control", false },
        { BrokerRole.Camera, "edgevision/site-a/cam1/+", false },
        { BrokerRole.Camera, "edgevision/site-a/cam1/#", false },
        { BrokerRole.Camera, "#", false },
        { BrokerRole.Camera, "+/site-a/cam1/control", false },
        { BrokerRole.Camera, "$share/g/edgevision/site-a/cam1/control", false },
        { BrokerRole.Camera, "edgevision/site-a/cam1/sequences", false },
        { BrokerRole.Camera, "edgevision/site-a/cam1/latency", false },
        { BrokerRole.Camera, "edgevision/site-a/cam1/results", true },
        { BrokerRole.Camera, "edgevision/site-a/cam1/drops", true },
        { BrokerRole.Camera, "edgevision/site-a/cam2/results", false },
        { BrokerRole.Camera, "edgevision/site-a/cam2/drops", false },
        { BrokerRole.Camera, "edgevision/+/+/drops", false },
        { BrokerRole.Camera, "$share/g/edgevision/site-a/cam1/drops", false },
        { BrokerRole.Silo, "edgevision/+/+/sequences", true },
        { BrokerRole.Silo, "edgevision/+/+/status", true },
        { BrokerRole.Silo, "edgevision/site-a/+/sequences", true },
        { BrokerRole.Silo, "edgevision/site-a/cam1/sequences", true },
        { BrokerRole.Silo, "$share/silos/edgevision/+/+/sequences", true },
        { BrokerRole.Silo, "$share/silos/edgevision/+/+/control", false },
        { BrokerRole.Silo, "$share//edgevision/+/+/sequences", false },
        { BrokerRole.Silo, "$share/+/edgevision/+/+/sequences", false },
        { BrokerRole.Silo, "$share/silos", false },
        { BrokerRole.Silo, "edgevision/+/+/+", false },
        { BrokerRole.Silo, "edgevision/#", false },
        { BrokerRole.Silo, "#", false },
        { BrokerRole.Silo, "edgevision/+/+/control", false },
        { BrokerRole.Silo, "edgevision/+/+/sequences/#", false },
        { BrokerRole.Silo, "edgevision/+/+/seq#", false },
        { BrokerRole.Subscriber, "edgevision/+/+/results", true },
        { BrokerRole.Subscriber, "edgevision/site-a/cam1/status", true },
        { BrokerRole.Subscriber, "edgevision/+/+/sequences", false },
        { BrokerRole.Subscriber, "edgevision/+/+/control", true },
        { BrokerRole.Subscriber, "edgevision/+/+/latency", true },
        { BrokerRole.Subscriber, "edgevision/site-a/+/latency", true },
        { BrokerRole.Subscriber, "edgevision/+/+/drops", true },
        { BrokerRole.Subscriber, "#", false },
        { BrokerRole.Subscriber, "edgevision/+/+/preview", true },
        { BrokerRole.Subscriber, "edgevision/_silos/+", true },
        { BrokerRole.Subscriber, "edgevision/_silos/silo-a", true },
        { BrokerRole.Subscriber, "edgevision/_silos/#", false },
        { BrokerRole.Silo, "edgevision/_silos/+", false },
        { BrokerRole.Camera, "edgevision/site-a/cam1/preview", false },
        { BrokerRole.Admin, "#", true },
        { BrokerRole.Admin, "$share/ops/edgevision/#", true },
        { BrokerRole.Admin, "edgevision/a#", false },
    };

    [Theory]
    [MemberData(nameof(PublishCases))]
    public void PublishIsAllowedOnlyOnTheRolesTopics(BrokerRole role, string topic, bool allowed) =>
        Assert.Equal(allowed, TopicAcl.CanPublish(PrincipalFor(role), topic));

    [Theory]
    [MemberData(nameof(SubscribeCases))]
    public void SubscriptionIsAllowedOnlyWhenEveryMatchingTopicIsAllowed(BrokerRole role, string filter, bool allowed) =>
        Assert.Equal(allowed, TopicAcl.CanSubscribe(PrincipalFor(role), filter));

    [Theory]
    [InlineData("#", "a/b/c", true)]
    [InlineData("a/#", "a", true)]
    [InlineData("a/#", "a/+/c", true)]
    [InlineData("a/+", "a/b", true)]
    [InlineData("a/+", "a/+", true)]
    [InlineData("a/b", "a/+", false)]
    [InlineData("a/+", "a/#", false)]
    [InlineData("a/+", "a/b/c", false)]
    [InlineData("a/b/c", "a/b", false)]
    [InlineData("a/+/c", "a/x/c", true)]
    public void FilterCoverageMatchesMqttWildcardSemantics(string allowed, string filter, bool covered) =>
        Assert.Equal(covered, TopicFilters.Covers(allowed, filter));

    private static BrokerPrincipal PrincipalFor(BrokerRole role) => role switch
    {
        BrokerRole.Camera => Camera,
        BrokerRole.Silo => Silo,
        BrokerRole.Subscriber => Subscriber,
        _ => Admin,
    };
}

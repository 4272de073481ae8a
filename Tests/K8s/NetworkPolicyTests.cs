using k8s.Models;
using static EdgeVision.Tests.K8s.NetworkPolicies;

namespace EdgeVision.Tests.K8s;

/// <summary>
/// Who reaches whom under the rendered NetworkPolicies: edge agents only the broker (and their cameras), silos the
/// broker, Redis, each other on the Orleans ports and the Kubernetes API, the dashboard only the broker; everyone DNS;
/// Prometheus the hosts' metrics; nothing else.
/// </summary>
public sealed class NetworkPolicyTests
{
    private static readonly Endpoint Dns = new("kube-system", new Dictionary<string, string> { ["k8s-app"] = "kube-dns" });

    private static readonly Endpoint Prometheus = new("monitoring", new Dictionary<string, string> { ["app.kubernetes.io/name"] = "prometheus" });

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Kustomize.Targets), MemberType = typeof(Kustomize))]
    public async Task EachComponentReachesWhatItNeedsAndNothingElse(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);
        var policies = new NetworkPolicies(manifests.OfType<V1NetworkPolicy>().ToList(), "edgevision");
        var pods = manifests.PodTemplates().ToDictionary(
            p => p.Template.Metadata.Labels["app.kubernetes.io/name"],
            p => new Endpoint("edgevision", p.Template.Metadata.Labels.AsReadOnly()));
        Endpoint Pod(string name) => pods[name];
        var edge = Pod("edge");
        var silo = Pod("silo");
        var dashboard = Pod("dashboard");
        var broker = Pod("mosquitto");
        var redis = Pod("redis");

        var allowed = new (string From, Endpoint Source, string To, Endpoint Destination, string Protocol, int Port)[]
        {
            ("edge", edge, "broker", broker, "TCP", 1883),
            ("edge", edge, "an RTSP camera", Endpoint.External, "TCP", 554),
            ("silo", silo, "broker", broker, "TCP", 1883),
            ("silo", silo, "redis", redis, "TCP", 6379),
            ("silo", silo, "silo", silo, "TCP", 11111),
            ("silo", silo, "silo gateway", silo, "TCP", 30000),
            ("silo", silo, "the Kubernetes API", Endpoint.External, "TCP", 443),
            ("dashboard", dashboard, "broker", broker, "TCP", 1883),
            ("prometheus", Prometheus, "silo", silo, "TCP", 8080),
            ("prometheus", Prometheus, "edge", edge, "TCP", 8080),
            ("prometheus", Prometheus, "dashboard", dashboard, "TCP", 8080),
        };
        var denied = new (string From, Endpoint Source, string To, Endpoint Destination, string Protocol, int Port)[]
        {
            ("edge", edge, "redis", redis, "TCP", 6379),
            ("edge", edge, "silo", silo, "TCP", 11111),
            ("edge", edge, "silo gateway", silo, "TCP", 30000),
            ("edge", edge, "silo metrics", silo, "TCP", 8080),
            ("edge", edge, "dashboard", dashboard, "TCP", 8080),
            ("dashboard", dashboard, "redis", redis, "TCP", 6379),
            ("dashboard", dashboard, "silo", silo, "TCP", 11111),
            ("dashboard", dashboard, "the internet", Endpoint.External, "TCP", 443),
            ("silo", silo, "edge", edge, "TCP", 8080),
            ("broker", broker, "redis", redis, "TCP", 6379),
            ("broker", broker, "the internet", Endpoint.External, "TCP", 443),
            ("redis", redis, "broker", broker, "TCP", 1883),
            ("redis", redis, "the internet", Endpoint.External, "TCP", 443),
            ("prometheus", Prometheus, "redis", redis, "TCP", 6379),
        };

        Assert.All(allowed, c => Assert.True(policies.Allows(c.Source, c.Destination, c.Protocol, c.Port), $"{c.From} -> {c.To}:{c.Port} is blocked"));
        Assert.All(denied, c => Assert.False(policies.Allows(c.Source, c.Destination, c.Protocol, c.Port), $"{c.From} -> {c.To}:{c.Port} is let through"));
        Assert.All(pods.Values, pod => Assert.True(policies.Allows(pod, Dns, "UDP", 53), "DNS is blocked"));
    }

    [Fact]
    public async Task OnTheLocalClusterClientsOutsideReachTheBrokerThroughItsNodePort()
    {
        var manifests = await RenderedManifests.RenderAsync("overlays/local", _cancellation);
        var policies = new NetworkPolicies(manifests.OfType<V1NetworkPolicy>().ToList(), "edgevision");
        var broker = manifests.Single<V1StatefulSet>("mosquitto").Spec.Template.Metadata.Labels.AsReadOnly();

        Assert.True(policies.Allows(Endpoint.External, new Endpoint("edgevision", broker), "TCP", 1883));
        Assert.Equal(31883, Assert.Single(manifests.Single<V1Service>("mosquitto").Spec.Ports).NodePort);
    }
}

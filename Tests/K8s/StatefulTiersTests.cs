using k8s.Models;

namespace EdgeVision.Tests.K8s;

/// <summary>
/// The broker, Redis and the edge agents: single writers with stable identities (StatefulSets of one), their data on
/// volumes, their credentials from Secrets, and never two agents for one camera.
/// </summary>
public sealed class StatefulTiersTests
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Kustomize.Targets), MemberType = typeof(Kustomize))]
    public async Task TheBrokerAndRedisAreSingleWritersWithTheirDataOnAVolume(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);

        foreach (var (name, dataPath) in new[] { ("mosquitto", "/mosquitto/data"), ("redis", "/data") })
        {
            var set = manifests.Single<V1StatefulSet>(name);
            Assert.Equal(1, set.Spec.Replicas);
            Assert.Equal("OrderedReady", set.Spec.PodManagementPolicy);
            var claim = Assert.Single(set.Spec.VolumeClaimTemplates);
            Assert.Equal(["ReadWriteOnce"], claim.Spec.AccessModes);
            var container = Assert.Single(set.Spec.Template.Spec.Containers);
            Assert.Contains(container.VolumeMounts, m => m.Name == claim.Metadata.Name && m.MountPath == dataPath);
            Assert.Equal("None", manifests.Single<V1Service>(set.Spec.ServiceName).Spec.ClusterIP);
        }
    }

    [Theory]
    [MemberData(nameof(Kustomize.Targets), MemberType = typeof(Kustomize))]
    public async Task RedisAsksForThePasswordTheSilosConnectWith(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);
        var redis = Assert.Single(manifests.Single<V1StatefulSet>("redis").Spec.Template.Spec.Containers);
        var silo = Assert.Single(manifests.Single<V1Deployment>("silo").Spec.Template.Spec.Containers);

        var password = Assert.Single(redis.Env, e => e.Name == "REDIS_PASSWORD").ValueFrom.SecretKeyRef;
        Assert.Equal("$(REDIS_PASSWORD)", redis.Args[redis.Args.IndexOf("--requirepass") + 1]);
        Assert.Equal(password.Name, Assert.Single(redis.Env, e => e.Name == "REDISCLI_AUTH").ValueFrom.SecretKeyRef.Name);
        var siloPassword = Assert.Single(silo.Env, e => e.Name == "REDIS_PASSWORD").ValueFrom.SecretKeyRef;
        Assert.Equal((password.Name, password.Key), (siloPassword.Name, siloPassword.Key));
        Assert.Equal($"redis:6379,password={ContainerEnvironment.FromTheCluster}", ContainerEnvironment.Of(silo, manifests)["Silo__Cluster__RedisConnectionString"]);
    }

    [Theory]
    [MemberData(nameof(Kustomize.Targets), MemberType = typeof(Kustomize))]
    public async Task TheBrokerLogsToStderrBoundsEachClientsQueueAndTakesItsAccountsFromASecret(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);
        var broker = manifests.Single<V1StatefulSet>("mosquitto").Spec.Template.Spec;
        var container = Assert.Single(broker.Containers);
        var configVolume = Assert.Single(broker.Volumes, v => v.ConfigMap is not null);
        var config = Directives(manifests.Single<V1ConfigMap>(configVolume.ConfigMap.Name).Data["mosquitto.conf"]);
        var secretVolume = Assert.Single(broker.Volumes, v => v.Secret is not null);
        string MountOf(string volume) => Assert.Single(container.VolumeMounts, m => m.Name == volume).MountPath;

        Assert.Equal("stderr", config["log_dest"]);
        Assert.InRange(long.Parse(config["max_queued_bytes"], System.Globalization.CultureInfo.InvariantCulture), 1, 64L << 20);
        Assert.Equal("false", config["allow_anonymous"]);
        Assert.Equal($"{MountOf(secretVolume.Name)}/passwords", config["password_file"]);
        Assert.Equal($"{MountOf(secretVolume.Name)}/acl", config["acl_file"]);
        Assert.Equal("true", config["persistence"]);
        Assert.Equal(MountOf("data").TrimEnd('/'), config["persistence_location"].TrimEnd('/'));
        // Where the eclipse-mosquitto image reads its configuration.
        Assert.Equal("/mosquitto/config", MountOf(configVolume.Name));
    }

    [Theory]
    [MemberData(nameof(Kustomize.Targets), MemberType = typeof(Kustomize))]
    public async Task EachCameraHasOneAgentOfItsOwnAndNoTwoAgentsShareAClientId(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);
        var agents = manifests.OfType<V1StatefulSet>().Where(s => s.Spec.Template.Metadata.Labels["app.kubernetes.io/name"] == "edge").ToList();

        Assert.NotEmpty(agents);
        var identities = agents.Select(agent =>
        {
            Assert.Equal(1, agent.Spec.Replicas);
            var container = Assert.Single(agent.Spec.Template.Spec.Containers);
            var environment = ContainerEnvironment.Of(container, manifests);
            Assert.False(environment.ContainsKey("Edge__Mqtt__ClientId"), "the client id is the agent's default, edgevision-{site}-{camera}");
            Assert.Equal($"edge-{environment["Edge__Camera"]}", agent.Metadata.Name);
            Assert.Equal(environment["Edge__Camera"], agent.Spec.Selector.MatchLabels["edgevision/camera"]);
            // The MQTT account (and a source with credentials) come from the camera's own Secret.
            Assert.Equal($"edge-{environment["Edge__Camera"]}", Assert.Single(container.EnvFrom, e => e.SecretRef is not null).SecretRef.Name);
            return $"edgevision-{environment["Edge__Site"]}-{environment["Edge__Camera"]}";
        }).ToList();
        Assert.Equal(identities.Count, identities.Distinct(StringComparer.Ordinal).Count());
    }

    [Theory]
    [MemberData(nameof(Kustomize.Targets), MemberType = typeof(Kustomize))]
    public async Task TheHostsAreAnnotatedForScrapingAndServedToTheServiceMonitor(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);

        foreach (var (workload, template) in manifests.PodTemplates().Where(p => p.Template.Metadata.Labels["app.kubernetes.io/name"] is "silo" or "edge" or "dashboard"))
        {
            var annotations = template.Metadata.Annotations;
            Assert.Equal("true", annotations["prometheus.io/scrape"]);
            Assert.Equal("/metrics", annotations["prometheus.io/path"]);
            Assert.Equal(annotations["prometheus.io/port"], Assert.Single(template.Spec.Containers[0].Ports, p => p.Name == "http").ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            var name = template.Metadata.Labels["app.kubernetes.io/name"];
            var service = Assert.Single(manifests.OfType<V1Service>(), s => s.Metadata.Labels is { } labels && labels.TryGetValue("edgevision/metrics", out var metrics) && metrics == "true" && s.Spec.Selector["app.kubernetes.io/name"] == name);
            Assert.True(service.Spec.Ports.Any(p => p.Name == "http"), $"{workload}: the Service {service.Metadata.Name} has no port named http");
        }
    }

    /// <summary>mosquitto.conf's directives, the last of each name winning.</summary>
    private static Dictionary<string, string> Directives(string config) =>
        config.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length > 0 && !line.StartsWith('#'))
            .Select(line => line.Split(' ', 2))
            .GroupBy(parts => parts[0], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Last().ElementAtOrDefault(1) ?? string.Empty, StringComparer.Ordinal);
}

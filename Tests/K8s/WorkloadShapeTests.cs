using k8s.Models;
using Microsoft.Extensions.Hosting;

namespace EdgeVision.Tests.K8s;

/// <summary>
/// What every workload of every rendering must be to run in production: locked down, sized, probed on the endpoints the
/// hosts serve, given time to stop, and holding a service-account token only where Orleans' Kubernetes hosting needs one.
/// </summary>
public sealed class WorkloadShapeTests
{
    /// <summary>The workloads that are EdgeVision's .NET hosts (the rest are mosquitto and Redis).</summary>
    private static readonly string[] DotNetImages = ["edgevision/silo", "edgevision/silo-cuda", "edgevision/edge", "edgevision/dashboard"];

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Kustomize.Targets), MemberType = typeof(Kustomize))]
    public async Task EveryPodRunsAsNonRootOnAReadOnlyRootWithNoCapabilitiesAndTheDefaultSeccompProfile(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);

        Assert.All(manifests.PodTemplates(), pod =>
        {
            var (workload, template) = pod;
            var podSecurity = Assert.IsType<V1PodSecurityContext>(template.Spec.SecurityContext);
            Assert.True(podSecurity.RunAsNonRoot, $"{workload}: runAsNonRoot");
            Assert.NotNull(podSecurity.RunAsUser);
            Assert.Equal("RuntimeDefault", podSecurity.SeccompProfile?.Type);
            Assert.All(template.Spec.Containers, container =>
            {
                var security = Assert.IsType<V1SecurityContext>(container.SecurityContext);
                Assert.True(security.ReadOnlyRootFilesystem, $"{workload}/{container.Name}: readOnlyRootFilesystem");
                Assert.False(security.AllowPrivilegeEscalation ?? true, $"{workload}/{container.Name}: allowPrivilegeEscalation");
                Assert.Equal(["ALL"], security.Capabilities?.Drop ?? []);
                Assert.Null(security.Capabilities?.Add);
            });
        });
    }

    [Theory]
    [MemberData(nameof(Kustomize.Targets), MemberType = typeof(Kustomize))]
    public async Task EveryContainerHasResourcesAndStartupReadinessAndLivenessProbes(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);

        Assert.All(manifests.PodTemplates().SelectMany(p => p.Template.Spec.Containers.Select(c => (p.Workload, Container: c))), entry =>
        {
            var (workload, container) = entry;
            var resources = Assert.IsType<V1ResourceRequirements>(container.Resources);
            Assert.True(resources.Requests?.ContainsKey("cpu"), $"{workload}: cpu request");
            Assert.True(resources.Requests?.ContainsKey("memory"), $"{workload}: memory request");
            Assert.True(resources.Limits?.ContainsKey("memory"), $"{workload}: memory limit");
            Assert.NotNull(container.StartupProbe);
            Assert.NotNull(container.ReadinessProbe);
            Assert.NotNull(container.LivenessProbe);
        });
    }

    [Theory]
    [MemberData(nameof(Kustomize.Targets), MemberType = typeof(Kustomize))]
    public async Task TheDotNetHostsAreProbedOnTheEndpointsTheyServeAndWriteOnlyToAScratchVolume(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);

        var hosts = DotNetHosts(manifests).ToList();
        Assert.Equal(["dashboard", "edge-camera-1", "silo"], hosts.Select(h => h.Workload).Order(StringComparer.Ordinal));
        Assert.All(hosts, host =>
        {
            var (workload, template, container) = host;
            var environment = ContainerEnvironment.Of(container, manifests);
            var http = Assert.Single(container.Ports, p => p.Name == "http");
            Assert.Equal(environment["ASPNETCORE_HTTP_PORTS"], http.ContainerPort.ToString(System.Globalization.CultureInfo.InvariantCulture));
            foreach (var probe in new[] { container.StartupProbe, container.ReadinessProbe, container.LivenessProbe })
            {
                Assert.Equal("http", probe.HttpGet?.Port.Value);
            }

            // /alive answers while the process runs: a broker outage must not restart a host. /health is readiness,
            // except the dashboard's, whose page is what shows the outage.
            Assert.Equal(ServiceDefaultsExtensions.AlivenessEndpointPath, container.StartupProbe.HttpGet.Path);
            Assert.Equal(ServiceDefaultsExtensions.AlivenessEndpointPath, container.LivenessProbe.HttpGet.Path);
            Assert.Equal(
                workload == "dashboard" ? ServiceDefaultsExtensions.AlivenessEndpointPath : ServiceDefaultsExtensions.HealthEndpointPath,
                container.ReadinessProbe.HttpGet.Path);

            var scratch = Assert.Single(container.VolumeMounts);
            Assert.Equal("/tmp", scratch.MountPath);
            Assert.NotNull(Assert.Single(template.Spec.Volumes, v => v.Name == scratch.Name).EmptyDir);
        });
    }

    [Theory]
    [MemberData(nameof(Kustomize.Targets), MemberType = typeof(Kustomize))]
    public async Task EachDotNetHostIsGivenLongerToStopThanItsShutdownTimeout(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);
        var shutdownTimeout = new HostOptions().ShutdownTimeout;

        Assert.All(DotNetHosts(manifests), host =>
            Assert.True(host.Template.Spec.TerminationGracePeriodSeconds > shutdownTimeout.TotalSeconds,
                $"{host.Workload}: terminationGracePeriodSeconds {host.Template.Spec.TerminationGracePeriodSeconds} <= {shutdownTimeout.TotalSeconds}"));
    }

    [Theory]
    [MemberData(nameof(Kustomize.Targets), MemberType = typeof(Kustomize))]
    public async Task OnlyTheSiloPodsMountAServiceAccountTokenAndOnlyToWatchTheirPods(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);

        Assert.All(manifests.PodTemplates(), pod =>
            Assert.Equal(pod.Workload == "silo", pod.Template.Spec.AutomountServiceAccountToken ?? true));
        var silo = manifests.Single<V1Deployment>("silo");
        var account = manifests.Single<V1ServiceAccount>(silo.Spec.Template.Spec.ServiceAccountName);
        Assert.False(account.AutomountServiceAccountToken);
        var binding = Assert.Single(manifests.OfType<V1RoleBinding>(), b => b.Subjects.Any(s => s.Name == account.Metadata.Name));
        var role = manifests.Single<V1Role>(binding.RoleRef.Name);
        var rule = Assert.Single(role.Rules);
        Assert.Equal(["pods"], rule.Resources);
    }

    [Theory]
    [MemberData(nameof(Kustomize.Targets), MemberType = typeof(Kustomize))]
    public async Task SilosAdvertiseTheirPodAddressSpreadOverNodesAndLeaveOneAtATime(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);
        var silo = manifests.Single<V1Deployment>("silo");
        var container = Assert.Single(silo.Spec.Template.Spec.Containers);

        var environment = ContainerEnvironment.Of(container, manifests);
        Assert.Equal(ContainerEnvironment.PodIp, environment["Silo__Cluster__AdvertisedAddress"]);
        Assert.Equal(ContainerEnvironment.PodIp, environment["POD_IP"]);
        var spread = Assert.Single(silo.Spec.Template.Spec.Affinity.PodAntiAffinity.PreferredDuringSchedulingIgnoredDuringExecution);
        Assert.Equal("kubernetes.io/hostname", spread.PodAffinityTerm.TopologyKey);
        Assert.Equal(silo.Spec.Selector.MatchLabels, spread.PodAffinityTerm.LabelSelector.MatchLabels);
        var budget = manifests.Single<V1PodDisruptionBudget>("silo");
        Assert.Equal(silo.Spec.Selector.MatchLabels, budget.Spec.Selector.MatchLabels);
        Assert.Equal(1, budget.Spec.MaxUnavailable?.Value is { } max ? int.Parse(max, System.Globalization.CultureInfo.InvariantCulture) : 0);
    }

    [Theory]
    [MemberData(nameof(Kustomize.Targets), MemberType = typeof(Kustomize))]
    public async Task TheSilosLibtorchThreadsMatchItsCpuRequest(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);
        var container = Assert.Single(manifests.Single<V1Deployment>("silo").Spec.Template.Spec.Containers);

        var threads = ContainerEnvironment.Of(container, manifests)["Silo__InferenceSession__ThreadCount"];

        Assert.Equal(container.Resources.Requests["cpu"].ToDecimal(), decimal.Parse(threads, System.Globalization.CultureInfo.InvariantCulture));
    }

    [Theory]
    [InlineData("overlays/gpu")]
    [InlineData(Kustomize.Everything)]
    public async Task TheGpuOverlayRunsTheCudaImageOnAGpuNodeWithOneGpuAndTimeToLoad(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);
        var pod = manifests.Single<V1Deployment>("silo").Spec.Template.Spec;
        var container = Assert.Single(pod.Containers);

        Assert.StartsWith("edgevision/silo-cuda:", container.Image, StringComparison.Ordinal);
        Assert.Equal(1m, container.Resources.Limits["nvidia.com/gpu"].ToDecimal());
        Assert.Equal("true", pod.NodeSelector["nvidia.com/gpu.present"]);
        Assert.Contains(pod.Tolerations, t => t is { Key: "nvidia.com/gpu", OperatorProperty: "Exists", Effect: "NoSchedule" });
        var environment = ContainerEnvironment.Of(container, manifests);
        Assert.Equal("cuda", environment["Silo__Cluster__InferenceDevice"]);
        Assert.Equal("true", environment["Silo__InferenceSession__PreferCuda"]);
        var startup = container.StartupProbe;
        Assert.True(startup.PeriodSeconds * startup.FailureThreshold >= 300, "at least five minutes to load CUDA and the models");
        Assert.Equal(target == Kustomize.Everything ? "nvidia" : null, pod.RuntimeClassName);
    }

    [Theory]
    [InlineData("base")]
    [InlineData("overlays/cpu")]
    [InlineData("overlays/local")]
    public async Task OtherRenderingsAskForNoGpu(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);

        Assert.All(manifests.PodTemplates().SelectMany(p => p.Template.Spec.Containers), c =>
        {
            Assert.False(c.Resources.Limits.ContainsKey("nvidia.com/gpu"));
            Assert.DoesNotContain("cuda", c.Image, StringComparison.Ordinal);
        });
    }

    private static IEnumerable<(string Workload, V1PodTemplateSpec Template, V1Container Container)> DotNetHosts(RenderedManifests manifests) =>
        manifests.PodTemplates()
            .SelectMany(p => p.Template.Spec.Containers.Select(c => (p.Workload, p.Template, Container: c)))
            .Where(h => DotNetImages.Contains(h.Container.Image.Split(':')[0]));
}

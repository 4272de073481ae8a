using k8s.Models;

namespace EdgeVision.Tests.K8s;

/// <summary>
/// Every kustomization under <c>k8s/</c> renders, and every object it renders is one the Kubernetes API (or the
/// Prometheus Operator's CRDs) would take: known kind, known fields at every depth, values of the right types.
/// </summary>
public sealed class ManifestSchemaTests
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Kustomize.Targets), MemberType = typeof(Kustomize))]
    public async Task EveryRenderedObjectMatchesItsSchemaWithNoUnknownField(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);

        Assert.Contains(manifests.Objects, o => o is V1Deployment { Metadata.Name: "silo" });
        Assert.All(manifests.Objects.OfType<IMetadata<V1ObjectMeta>>(), o => Assert.False(string.IsNullOrEmpty(o.Metadata?.Name)));
    }

    [Fact]
    public async Task TheFullRenderingHoldsEveryKindOfTheDeployment()
    {
        var manifests = await RenderedManifests.RenderAsync(Kustomize.Everything, _cancellation);

        var kinds = manifests.Objects.Select(o => o.GetType().Name).ToHashSet();
        Assert.Superset(
            new HashSet<string>
            {
                nameof(V1Namespace), nameof(V1StatefulSet), nameof(V1Deployment), nameof(V1Service), nameof(V1ConfigMap),
                nameof(V1ServiceAccount), nameof(V1Role), nameof(V1RoleBinding), nameof(V1PodDisruptionBudget),
                nameof(V1NetworkPolicy), nameof(V2HorizontalPodAutoscaler), nameof(Crds.PrometheusRule), nameof(Crds.ServiceMonitor),
            },
            kinds);
    }

    [Theory]
    [InlineData("resource:\n            requests:\n              cpu: 100m", "spec.template.spec.containers[0].resource")]
    [InlineData("securityContext:\n            readOnlyRootFileSystem: true", "spec.template.spec.containers[0].securityContext.readOnlyRootFileSystem")]
    [InlineData("startupProbe:\n            httpGet:\n              path: /alive\n              port: http\n            failureTreshold: 3", "spec.template.spec.containers[0].startupProbe.failureTreshold")]
    public void AFieldTheSchemaDoesNotHaveIsRejectedByItsPath(string containerField, string path)
    {
        var yaml = $"""
            apiVersion: apps/v1
            kind: Deployment
            metadata:
              name: silo
            spec:
              selector:
                matchLabels:
                  app: silo
              template:
                metadata:
                  labels:
                    app: silo
                spec:
                  containers:
                    - name: silo
                      image: edgevision/silo:dev
                      {containerField}
            """;

        var error = Assert.Throws<InvalidDataException>(() => RenderedManifests.Load(yaml));

        Assert.Contains("Deployment silo", error.Message, StringComparison.Ordinal);
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AValueOfTheWrongTypeIsRejected()
    {
        const string yaml = """
            apiVersion: policy/v1
            kind: PodDisruptionBudget
            metadata:
              name: silo
            spec:
              maxUnavailable: 1
              selector:
                matchLabels: [silo]
            """;

        var error = Assert.Throws<InvalidDataException>(() => RenderedManifests.Load(yaml));

        Assert.Contains("PodDisruptionBudget silo", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AFieldOutsideTheServiceMonitorSchemaIsRejected()
    {
        const string yaml = """
            apiVersion: monitoring.coreos.com/v1
            kind: ServiceMonitor
            metadata:
              name: edgevision
            spec:
              selector:
                matchLabels:
                  edgevision/metrics: "true"
              endpoints:
                - port: http
                  metricsPath: /metrics
            """;

        var error = Assert.Throws<InvalidDataException>(() => RenderedManifests.Load(yaml));

        Assert.Contains("spec.endpoints[0].metricsPath", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AKindWithNoSchemaIsRejected()
    {
        const string yaml = """
            apiVersion: apps/v1
            kind: Deploymnet
            metadata:
              name: silo
            """;

        var error = Assert.Throws<InvalidDataException>(() => RenderedManifests.Load(yaml));

        Assert.Contains("no schema", error.Message, StringComparison.Ordinal);
    }
}

using System.Text.RegularExpressions;
using k8s.Models;

namespace EdgeVision.Tests.K8s;

/// <summary>
/// The environment a container of the rendered manifests starts with, as the kubelet builds it: the ConfigMaps of
/// <c>envFrom</c> (from the same rendering), then <c>env</c> in order with <c>$(NAME)</c> references expanded. Values
/// only the cluster knows stand in: the pod's IP as <see cref="PodIp"/>, other pod fields and Secret values as
/// <see cref="FromTheCluster"/>.
/// </summary>
internal static partial class ContainerEnvironment
{
    public const string PodIp = "10.1.2.3";

    public const string FromTheCluster = "from-the-cluster";

    public static IReadOnlyDictionary<string, string> Of(V1Container container, RenderedManifests manifests)
    {
        var environment = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var source in container.EnvFrom ?? [])
        {
            if (source.ConfigMapRef is { } reference)
            {
                foreach (var (key, value) in manifests.Single<V1ConfigMap>(reference.Name).Data)
                {
                    environment[key] = value;
                }
            }
        }

        foreach (var variable in container.Env ?? [])
        {
            environment[variable.Name] = variable switch
            {
                { Value: { } value } => Reference().Replace(value, m => environment.GetValueOrDefault(m.Groups["name"].Value, m.Value)),
                { ValueFrom.FieldRef.FieldPath: "status.podIP" } => PodIp,
                _ => FromTheCluster,
            };
        }

        return environment;
    }

    [GeneratedRegex(@"\$\((?<name>[A-Za-z_][A-Za-z0-9_]*)\)")]
    private static partial Regex Reference();
}

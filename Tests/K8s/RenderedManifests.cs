using System.Reflection;
using k8s;
using k8s.Models;
using YamlDotNet.RepresentationModel;

namespace EdgeVision.Tests.K8s;

/// <summary>
/// A rendered YAML stream loaded into the Kubernetes client's typed objects (and <see cref="Crds"/>' for the Prometheus
/// Operator's kinds), strictly: a kind the loader does not know, a field its type does not have at any depth, or a
/// value of the wrong type fails, naming the object and the field's path. Strict loading is the client's own; what
/// survives a round trip (every key of the document must come back when the typed object is written out again) checks
/// it again and names the path.
/// </summary>
internal sealed class RenderedManifests
{
    private static readonly Dictionary<string, Type> Kinds = BuildKinds();

    private RenderedManifests(IReadOnlyList<object> objects) => Objects = objects;

    public IReadOnlyList<object> Objects { get; }

    public IEnumerable<T> OfType<T>() => Objects.OfType<T>();

    public T Single<T>(string name) where T : IMetadata<V1ObjectMeta> =>
        Assert.Single(Objects.OfType<T>(), o => o.Metadata.Name == name);

    /// <summary>Every pod template with its workload's name (Deployments and StatefulSets).</summary>
    public IEnumerable<(string Workload, V1PodTemplateSpec Template)> PodTemplates() =>
        Objects.OfType<V1Deployment>().Select(d => (d.Metadata.Name, d.Spec.Template))
            .Concat(Objects.OfType<V1StatefulSet>().Select(s => (s.Metadata.Name, s.Spec.Template)));

    public static async Task<RenderedManifests> RenderAsync(string target, CancellationToken cancellationToken) =>
        Load(await Kustomize.RenderAsync(target, cancellationToken));

    /// <summary>Loads every document of <paramref name="yaml"/>; throws <see cref="InvalidDataException"/> on the first that does not fit its schema.</summary>
    public static RenderedManifests Load(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        var objects = new List<object>();
        foreach (var document in stream.Documents)
        {
            if (document.RootNode is not YamlMappingNode root)
            {
                continue;
            }

            var apiVersion = Scalar(root, "apiVersion");
            var kind = Scalar(root, "kind");
            var name = root.Children.TryGetValue(new YamlScalarNode("metadata"), out var metadata) && metadata is YamlMappingNode meta
                ? Scalar(meta, "name")
                : "(no name)";
            var label = $"{kind} {name} ({apiVersion})";
            if (!Kinds.TryGetValue($"{apiVersion}/{kind}", out var type))
            {
                throw new InvalidDataException($"{label}: no schema for this apiVersion and kind.");
            }

            var text = Write(document);
            var map = new Dictionary<string, Type> { [$"{apiVersion}/{kind}"] = type };
            object typed;
            try
            {
                typed = Assert.Single(KubernetesYaml.LoadAllFromString(text, map, strict: true));
            }
            catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or FormatException or InvalidOperationException)
            {
                // The strict loader names the property, not where it is: load leniently to name every unknown field's path.
                var lenient = TryLoad(text, map);
                var unknown = lenient is null ? [] : Unknown(root, lenient);
                throw new InvalidDataException(
                    unknown.Count > 0 ? $"{label}: not in its schema: {string.Join(", ", unknown)}" : $"{label}: {ex.Message} {ex.InnerException?.Message}",
                    ex);
            }

            var lost = Unknown(root, typed);
            if (lost.Count > 0)
            {
                throw new InvalidDataException($"{label}: not in its schema: {string.Join(", ", lost)}");
            }

            objects.Add(typed);
        }

        return new RenderedManifests(objects);
    }

    private static object? TryLoad(string text, Dictionary<string, Type> map)
    {
        try
        {
            return KubernetesYaml.LoadAllFromString(text, map, strict: false).SingleOrDefault();
        }
        catch (Exception ex) when (ex is YamlDotNet.Core.YamlException or FormatException or InvalidOperationException)
        {
            return null;
        }
    }

    /// <summary>The paths of <paramref name="document"/> that do not come back when <paramref name="typed"/> is written out.</summary>
    private static List<string> Unknown(YamlNode document, object typed) =>
        Paths(document, string.Empty).Except(Paths(Parse(KubernetesYaml.Serialize(typed)), string.Empty)).ToList();

    private static string Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value ?? string.Empty : string.Empty;

    private static string Write(YamlDocument document)
    {
        var writer = new StringWriter();
        new YamlStream(document).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    private static YamlNode Parse(string yaml)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(yaml));
        return stream.Documents[0].RootNode;
    }

    /// <summary>Every mapping key's path: <c>spec.template.spec.containers[0].resources.limits.memory</c>.</summary>
    private static IEnumerable<string> Paths(YamlNode node, string prefix) => node switch
    {
        YamlMappingNode mapping => mapping.Children.SelectMany(entry =>
        {
            var path = prefix.Length == 0 ? ((YamlScalarNode)entry.Key).Value! : $"{prefix}.{((YamlScalarNode)entry.Key).Value}";
            return Paths(entry.Value, path).Prepend(path);
        }),
        YamlSequenceNode sequence => sequence.Children.SelectMany((child, index) => Paths(child, $"{prefix}[{index}]")),
        _ => [],
    };

    private static Dictionary<string, Type> BuildKinds()
    {
        var kinds = typeof(V1Pod).Assembly.GetTypes()
            .Select(type => (Type: type, Entity: type.GetCustomAttribute<KubernetesEntityAttribute>()))
            .Where(t => t.Entity is { Kind.Length: > 0 } && !t.Type.Name.EndsWith("List", StringComparison.Ordinal))
            .GroupBy(t => $"{(string.IsNullOrEmpty(t.Entity!.Group) ? string.Empty : t.Entity.Group + "/")}{t.Entity.ApiVersion}/{t.Entity.Kind}")
            .ToDictionary(g => g.Key, g => g.First().Type);
        kinds["monitoring.coreos.com/v1/PrometheusRule"] = typeof(Crds.PrometheusRule);
        kinds["monitoring.coreos.com/v1/ServiceMonitor"] = typeof(Crds.ServiceMonitor);
        return kinds;
    }
}

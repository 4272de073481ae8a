using k8s.Models;

namespace EdgeVision.Tests.K8s;

/// <summary>
/// What the rendered NetworkPolicies let through, evaluated as the Kubernetes API defines them: a pod selected by a
/// policy of a direction accepts only what one of those policies' rules allows; a pod no policy selects accepts
/// everything. A connection needs both the source's egress and the destination's ingress. An <c>ipBlock</c> is taken to
/// match every address (the conservative reading: some CNIs match pod addresses with it too).
/// </summary>
internal sealed class NetworkPolicies(IReadOnlyList<V1NetworkPolicy> policies, string policyNamespace)
{
    public sealed record Endpoint(string Namespace, IReadOnlyDictionary<string, string> Labels)
    {
        /// <summary>An address outside the cluster: a camera, the Kubernetes API.</summary>
        public static Endpoint External { get; } = new(string.Empty, new Dictionary<string, string>());

        public bool IsExternal => Namespace.Length == 0;
    }

    public bool Allows(Endpoint source, Endpoint destination, string protocol, int port) =>
        Allowed(source, "Egress", p => p.Spec.Egress?.Select(r => ((IList<V1NetworkPolicyPeer>?)r.To, (IList<V1NetworkPolicyPort>?)r.Ports)), destination, protocol, port)
        && Allowed(destination, "Ingress", p => p.Spec.Ingress?.Select(r => ((IList<V1NetworkPolicyPeer>?)r.FromProperty, (IList<V1NetworkPolicyPort>?)r.Ports)), source, protocol, port);

    private bool Allowed(
        Endpoint subject,
        string direction,
        Func<V1NetworkPolicy, IEnumerable<(IList<V1NetworkPolicyPeer>? Peers, IList<V1NetworkPolicyPort>? Ports)>?> rulesOf,
        Endpoint peer,
        string protocol,
        int port)
    {
        if (subject.IsExternal || subject.Namespace != policyNamespace)
        {
            return true;
        }

        var applying = policies.Where(p => Matches(p.Spec.PodSelector, subject.Labels) && Types(p).Contains(direction)).ToList();
        return applying.Count == 0 || applying.Any(policy => (rulesOf(policy) ?? []).Any(rule =>
            (rule.Peers is null || rule.Peers.Count == 0 || rule.Peers.Any(p => Matches(p, peer)))
            && (rule.Ports is null || rule.Ports.Count == 0 || rule.Ports.Any(p => Matches(p, protocol, port)))));
    }

    private static IList<string> Types(V1NetworkPolicy policy) =>
        policy.Spec.PolicyTypes ?? (policy.Spec.Egress is { Count: > 0 } ? ["Ingress", "Egress"] : ["Ingress"]);

    private bool Matches(V1NetworkPolicyPeer peer, Endpoint endpoint)
    {
        if (peer.IpBlock is not null)
        {
            return true;
        }

        if (endpoint.IsExternal)
        {
            return false;
        }

        var namespaceMatches = peer.NamespaceSelector is null
            ? endpoint.Namespace == policyNamespace
            : Matches(peer.NamespaceSelector, new Dictionary<string, string> { ["kubernetes.io/metadata.name"] = endpoint.Namespace });
        return namespaceMatches && (peer.PodSelector is null || Matches(peer.PodSelector, endpoint.Labels));
    }

    private static bool Matches(V1NetworkPolicyPort rule, string protocol, int port) =>
        (rule.Protocol ?? "TCP") == protocol
        && (rule.Port is null || (int.Parse(rule.Port.Value, System.Globalization.CultureInfo.InvariantCulture) is var first
            && (rule.EndPort is { } end ? port >= first && port <= end : port == first)));

    private static bool Matches(V1LabelSelector selector, IReadOnlyDictionary<string, string> labels) =>
        (selector.MatchLabels ?? new Dictionary<string, string>()).All(l => labels.TryGetValue(l.Key, out var v) && v == l.Value)
        && (selector.MatchExpressions ?? []).All(e => e.OperatorProperty switch
        {
            "In" => labels.TryGetValue(e.Key, out var v) && e.Values.Contains(v),
            "NotIn" => !labels.TryGetValue(e.Key, out var v) || !e.Values.Contains(v),
            "Exists" => labels.ContainsKey(e.Key),
            "DoesNotExist" => !labels.ContainsKey(e.Key),
            _ => throw new InvalidDataException($"unknown selector operator {e.OperatorProperty}"),
        });
}

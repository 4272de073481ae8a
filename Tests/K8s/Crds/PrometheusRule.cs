using System.Text.Json.Serialization;
using k8s.Models;

namespace EdgeVision.Tests.K8s.Crds;

/// <summary>
/// The Prometheus Operator's <c>PrometheusRule</c> (monitoring.coreos.com/v1), the fields of its CRD schema these
/// manifests may use: rule groups of alerting and recording rules.
/// </summary>
internal sealed class PrometheusRule
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    public RuleSpec Spec { get; set; } = new();

    internal sealed class RuleSpec
    {
        public List<RuleGroup> Groups { get; set; } = [];
    }

    internal sealed class RuleGroup
    {
        public string Name { get; set; } = string.Empty;

        public string? Interval { get; set; }

        public List<Rule> Rules { get; set; } = [];
    }

    internal sealed class Rule
    {
        public string? Alert { get; set; }

        public string? Record { get; set; }

        public string Expr { get; set; } = string.Empty;

        [JsonPropertyName("for")]
        public string? For { get; set; }

        public Dictionary<string, string>? Labels { get; set; }

        public Dictionary<string, string>? Annotations { get; set; }
    }
}

using k8s.Models;

namespace EdgeVision.Tests.K8s.Crds;

/// <summary>
/// The Prometheus Operator's <c>ServiceMonitor</c> (monitoring.coreos.com/v1), the fields of its CRD schema these
/// manifests may use: which Services, and which of their ports and paths, Prometheus scrapes.
/// </summary>
internal sealed class ServiceMonitor
{
    public string ApiVersion { get; set; } = string.Empty;

    public string Kind { get; set; } = string.Empty;

    public V1ObjectMeta Metadata { get; set; } = new();

    public MonitorSpec Spec { get; set; } = new();

    internal sealed class MonitorSpec
    {
        public string? JobLabel { get; set; }

        public V1LabelSelector Selector { get; set; } = new();

        public List<Endpoint> Endpoints { get; set; } = [];
    }

    internal sealed class Endpoint
    {
        public string? Port { get; set; }

        public string? Path { get; set; }

        public string? Interval { get; set; }

        public string? ScrapeTimeout { get; set; }

        public string? Scheme { get; set; }
    }
}

using EdgeVision.Dashboard.Cluster;

namespace EdgeVision.Dashboard.Pages;

/// <summary>One silo on the cluster page, with its cameras in trouble-first order.</summary>
public sealed record ClusterSilo(SiloSnapshot Silo, SiloConcern Concern, IReadOnlyList<ClusterCamera> Cameras);

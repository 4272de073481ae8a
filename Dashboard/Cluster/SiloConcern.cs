namespace EdgeVision.Dashboard.Cluster;

/// <summary>How much a silo needs someone's attention, most first: the cluster view lists silos in this order.</summary>
public enum SiloConcern
{
    /// <summary>Its status says offline (it stopped, or the broker published its last will).</summary>
    Offline,

    /// <summary>Online by its last word, but no status for several of its intervals.</summary>
    Silent,

    /// <summary>Its health checks are not all healthy, or a camera it serves is stalled.</summary>
    Degraded,

    Healthy,
}

using Orleans.Placement;
using Orleans.Runtime.MembershipService.SiloMetadata;
using Orleans.Runtime.Placement;

namespace EdgeVision.Silo.Clustering;

/// <summary>
/// Keeps the candidates whose silo metadata has <see cref="InferenceSiloMetadata.HostsInference"/> = <c>true</c>.
/// Orleans' built-in metadata filters match the calling silo's own values, which would keep a camera grain on a
/// CPU-only ingestion silo whenever that silo placed it; this filter asks what the candidate can do instead. With no
/// such silo in the cluster placement fails, and ingestion leaves the sequence unacknowledged for redelivery.
/// </summary>
internal sealed class InferenceSiloPlacementFilterDirector(ISiloMetadataCache metadata) : IPlacementFilterDirector
{
    public IEnumerable<SiloAddress> Filter(PlacementFilterStrategy filterStrategy, PlacementTarget target, IEnumerable<SiloAddress> silos) =>
        silos.Where(silo => metadata.GetSiloMetadata(silo).Metadata.TryGetValue(InferenceSiloMetadata.HostsInference, out var value) && value == "true");
}

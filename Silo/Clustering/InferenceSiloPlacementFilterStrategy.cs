using Orleans.Placement;

namespace EdgeVision.Silo.Clustering;

/// <summary>Placement filter: only silos whose metadata says they host inference (<see cref="InferenceSiloMetadata.HostsInference"/>).</summary>
public sealed class InferenceSiloPlacementFilterStrategy() : PlacementFilterStrategy(order: 0);

using Orleans.Placement;

namespace EdgeVision.Silo.Clustering;

/// <summary>Places a grain only on silos that can run inference (see <see cref="InferenceSiloPlacementFilterDirector"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class InferenceSiloPlacementFilterAttribute() : PlacementFilterAttribute(new InferenceSiloPlacementFilterStrategy());

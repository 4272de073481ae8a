namespace EdgeVision.Silo.Clustering;

/// <summary>How silos find each other.</summary>
public enum ClusteringMode
{
    /// <summary>One silo on this machine (development, tests, a single edge box).</summary>
    Localhost,

    /// <summary>Membership in Redis: several silo processes or machines form one cluster.</summary>
    Redis,
}

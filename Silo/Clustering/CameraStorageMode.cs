namespace EdgeVision.Silo.Clustering;

/// <summary>Where camera grains keep their durable record of pending sequences (<c>Silo:Cluster:CameraStorage</c>).</summary>
public enum CameraStorageMode
{
    /// <summary>Redis when <see cref="SiloClusterOptions.Mode"/> is Redis, otherwise memory.</summary>
    Auto,

    /// <summary>
    /// Orleans memory grain storage: the record lives in the cluster's own memory, so it survives a grain's move between
    /// silos but not the failure of the silo holding it. Enough for one silo, where a failure ends everything anyway.
    /// </summary>
    Memory,

    /// <summary>Orleans Redis grain storage at <see cref="SiloClusterOptions.RedisConnectionString"/>: survives any silo's failure.</summary>
    Redis,

    /// <summary>
    /// No record: <c>Ingest</c> does not wait for a write, and sequences a failed silo had accepted end uncounted. Only
    /// where that loss is acceptable; it is the baseline of the durable accept's cost in BENCHMARKS.md.
    /// </summary>
    None,
}

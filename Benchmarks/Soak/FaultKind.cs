namespace EdgeVision.Benchmarks.Soak;

/// <summary>The faults the soak injects, by the name <c>soak.json</c> gives them.</summary>
internal enum FaultKind
{
    SiloKill,
    SiloPause,
    BrokerRestart,
    EdgeKill,
    Garbage,
    SlowModel,
}

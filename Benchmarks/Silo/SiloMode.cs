namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// How the silo under test is configured: <paramref name="Batching"/> is <c>Silo:Inference:EnableBatching</c> (off: every forward
/// pass takes one sequence); <paramref name="Adaptive"/> turns <c>Silo:Inference:EnableFrameSkipping</c> and
/// <c>Silo:Inference:EnableAdaptiveResolution</c> on (off: the latency controller cannot tell the edges anything).
/// </summary>
internal sealed record SiloMode(string Name, bool Batching, bool Adaptive)
{
    public static SiloMode BatchedFixed { get; } = new("dynamic batching, non-adaptive", Batching: true, Adaptive: false);

    public static SiloMode SingleFixed { get; } = new("batch size 1, non-adaptive", Batching: false, Adaptive: false);

    public static SiloMode BatchedAdaptive { get; } = new("dynamic batching, adaptive", Batching: true, Adaptive: true);
}

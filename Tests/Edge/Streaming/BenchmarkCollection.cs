namespace EdgeVision.Tests.Edge.Streaming;

/// <summary>Throughput tests run alone, after the parallel ones, so other tests' ffmpeg processes do not skew them.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchmarkCollection
{
    public const string Name = "Edge benchmarks";
}

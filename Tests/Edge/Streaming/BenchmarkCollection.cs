namespace EdgeVision.Tests.Edge.Streaming;

/// <summary>Allocation tests run alone, after the parallel ones, so other tests do not add to the process-wide allocation count.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class BenchmarkCollection
{
    public const string Name = "Edge allocation measurements";
}

namespace EdgeVision.Tests.Inference;

/// <summary>
/// For tests that touch or depend on libtorch's process-wide state: the global generator (seeded training
/// curves) and the intra-op thread count (which changes float summation order, so bit-exact comparisons
/// elsewhere would flake). They run alone, after the parallel tests.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TorchGlobalStateCollection
{
    public const string Name = "libtorch process-wide state";
}

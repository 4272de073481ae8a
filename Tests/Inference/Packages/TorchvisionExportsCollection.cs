namespace EdgeVision.Tests.Inference.Packages;

/// <summary>The tests that share one set of <see cref="TorchvisionExports"/> (PyTorch exports once per run).</summary>
[CollectionDefinition(TorchvisionExports.Collection)]
public sealed class TorchvisionExportsCollection : ICollectionFixture<TorchvisionExports>;

namespace EdgeVision.Tests.Silo;

/// <summary>Test classes that share one broker and one silo (starting a silo with its model costs seconds).</summary>
[CollectionDefinition(Name)]
public sealed class SingleSiloCollection : ICollectionFixture<SingleSiloFixture>
{
    public const string Name = "single silo";
}

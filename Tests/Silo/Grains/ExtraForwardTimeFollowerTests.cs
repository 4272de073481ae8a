using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Batching;
using EdgeVision.Silo.Clustering;
using EdgeVision.Silo.Grains;
using EdgeVision.Tests.Edge;
using EdgeVision.Tests.Inference.Catalog;
using EdgeVision.Tests.Inference;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.Silo.Grains;

/// <summary><c>Silo:InferenceEngine:ExtraForwardMs</c> edited while the silo runs: a valid value reaches the engine, an invalid one is refused.</summary>
[Collection(TorchGlobalStateCollection.Name)]
public sealed class ExtraForwardTimeFollowerTests : IDisposable
{
    private const string Key = "Silo:InferenceEngine:ExtraForwardMs";

    private readonly TinyCheckpoints _checkpoints = new();

    public ExtraForwardTimeFollowerTests() => _checkpoints.Write("tiny", "1");

    [Fact]
    public async Task AReloadedExtraForwardTimeReachesTheRunningEngineAndAnInvalidOneLeavesItAsItWas()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [Key] = "0" }).Build();
        using var meters = EdgeTestKit.NewMeterFactory();
        using var engine = new InferenceEngine(_checkpoints.Catalog(), Options.Create(new InferenceConfig()), Options.Create(new InferenceEngineOptions()),
            TimeProvider.System, meters, NullLogger<InferenceEngine>.Instance);
        using var services = new ServiceCollection().AddSingleton(engine).BuildServiceProvider();
        using var follower = new ExtraForwardTimeFollower(configuration, services, Options.Create(new SiloClusterOptions()), NullLogger<ExtraForwardTimeFollower>.Instance);
        await follower.StartAsync(TestContext.Current.CancellationToken);

        configuration[Key] = "250";
        configuration.Reload();
        var slowed = engine.ExtraForwardTime;
        configuration[Key] = "-1";
        configuration.Reload();
        var afterInvalid = engine.ExtraForwardTime;
        configuration[Key] = "0";
        configuration.Reload();

        Assert.Equal(TimeSpan.FromMilliseconds(250), slowed);
        Assert.Equal(TimeSpan.FromMilliseconds(250), afterInvalid);
        Assert.Equal(TimeSpan.Zero, engine.ExtraForwardTime);
    }

    public void Dispose() => _checkpoints.Dispose();
}

using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.Silo;

public sealed class SiloConfigurationTests
{
    [Fact]
    public async Task EveryInvalidSiloSettingStopsTheHostAtStartNamingItsKey()
    {
        using var host = Build(new()
        {
            ["Silo:Mqtt:Port"] = "0",
            ["Silo:Mqtt:SharedSubscriptionGroup"] = "bad group",
            ["Silo:Mqtt:BufferSize"] = "10",
            ["Silo:Cameras:MaxPendingSequences"] = "0",
            ["Silo:Cameras:TopK"] = "0",
            ["Inference:MaxBatchSize"] = "0",
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken));

        var message = string.Join("\n", Flatten(error));
        Assert.Contains("Silo:Mqtt:Port", message);
        Assert.Contains("Silo:Mqtt:SharedSubscriptionGroup", message);
        Assert.Contains("Silo:Mqtt:BufferSize", message);
        Assert.Contains("Silo:Cameras:MaxPendingSequences", message);
        Assert.Contains("Silo:Cameras:TopK", message);
        Assert.Contains("Inference:MaxBatchSize", message);
    }

    [Fact]
    public void RedisClusteringWithoutAConnectionStringIsRefusedWhenTheSiloIsBuilt()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Silo:Cluster:Mode"] = "Redis",
            ["Silo:Cluster:GatewayPort"] = "11111",
        });

        var error = Assert.Throws<OptionsValidationException>(() => builder.AddSilo());

        Assert.Contains("Silo:Cluster:RedisConnectionString", error.Message);
        Assert.Contains("Silo:Cluster:GatewayPort", error.Message);
    }

    [Fact]
    public void AMisspelledSiloKeyIsAnErrorRatherThanIgnored()
    {
        using var host = Build(new() { ["Silo:Mqtt:Hostname"] = "broker" });

        var error = Assert.ThrowsAny<Exception>(() => host.Services.GetRequiredService<IOptions<EdgeVision.Silo.Mqtt.SiloMqttOptions>>().Value);

        Assert.Contains("Hostname", error.Message);
    }

    // One invalid section throws its OptionsValidationException; several throw them together in an AggregateException.
    private static IEnumerable<string> Flatten(Exception error) => error switch
    {
        OptionsValidationException options => options.Failures,
        AggregateException aggregate => aggregate.InnerExceptions.SelectMany(Flatten),
        _ => [error.ToString()],
    };

    private static IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Services.AddLogging();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddSiloServices();
        return builder.Build();
    }
}

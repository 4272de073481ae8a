using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.Silo;

public sealed class SiloConfigurationTests
{
    [Theory]
    [InlineData("Silo:Mqtt:Port", "0")]
    [InlineData("Silo:Mqtt:SharedSubscriptionGroup", "bad group")]
    [InlineData("Silo:Mqtt:SocketBufferSize", "10")]
    [InlineData("Silo:Mqtt:IngestionLanes", "0")]
    [InlineData("Silo:Cameras:MaxPendingSequences", "0")]
    [InlineData("Silo:Cameras:TopK", "0")]
    [InlineData("Silo:Cameras:StallSeconds", "0.5")]
    [InlineData("Silo:Cameras:StallSeconds", "NaN")]
    [InlineData("Silo:Cluster:InferenceDevice", "tpu")]
    [InlineData("Silo:Cluster:AdvertisedAddress", "localhost")]
    [InlineData("Silo:Cluster:CameraStorage", "Disk")]
    [InlineData("Silo:Cluster:CameraStorage", "Redis")]
    [InlineData("Inference:MaxBatchSize", "0")]
    [InlineData("InferenceEngine:MaxPendingRequests", "0")]
    [InlineData("InferenceEngine:ProbeAfterMs", "-1")]
    [InlineData("LatencyController:MaxFrameSkip", "-1")]
    [InlineData("EdgeVision:SequenceLimits:MaxFrames", "0")]
    public async Task AnInvalidSiloSettingStopsTheHostAtStartNamingItsKey(string key, string value)
    {
        // Cluster settings are needed to build the silo, so they fail at build time; the others when the host starts.
        var error = await Record.ExceptionAsync(async () =>
        {
            using var host = Build(new() { [key] = value });
            await host.StartAsync(TestContext.Current.CancellationToken);
        });

        Assert.NotNull(error);
        Assert.Contains(key, string.Join("\n", Flatten(error)));
    }

    [Fact]
    public async Task SeveralInvalidKeysOfOneSectionAreReportedTogether()
    {
        using var host = Build(new() { ["Silo:Mqtt:Port"] = "0", ["Silo:Mqtt:KeepAliveSeconds"] = "0", ["Silo:Mqtt:Password"] = "x" });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken));

        var message = string.Join("\n", Flatten(error));
        Assert.Contains("Silo:Mqtt:Port", message);
        Assert.Contains("Silo:Mqtt:KeepAliveSeconds", message);
        Assert.Contains("Silo:Mqtt:Username", message);
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
        // The silo as Program.cs builds it (Orleans included); validation stops it before anything listens.
        builder.AddSilo();
        return builder.Build();
    }
}

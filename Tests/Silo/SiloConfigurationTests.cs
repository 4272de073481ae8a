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
    [InlineData("Silo:Mqtt:SocketBufferBytes", "10")]
    [InlineData("Silo:Mqtt:IngestionLanes", "0")]
    [InlineData("Silo:Cameras:MaxPendingSequences", "0")]
    [InlineData("Silo:Cameras:TopK", "0")]
    [InlineData("Silo:Cameras:StallSeconds", "0.5")]
    [InlineData("Silo:Cameras:StallSeconds", "NaN")]
    [InlineData("Silo:Cluster:InferenceDevice", "tpu")]
    [InlineData("Silo:Cluster:AdvertisedAddress", "localhost")]
    [InlineData("Silo:Cluster:CameraStorage", "Disk")]
    [InlineData("Silo:Cluster:CameraStorage", "Redis")]
    [InlineData("Silo:Inference:MaxBatchSize", "0")]
    [InlineData("Silo:InferenceEngine:MaxPendingRequests", "0")]
    [InlineData("Silo:InferenceEngine:ProbeAfterMs", "-1")]
    [InlineData("Silo:InferenceEngine:ExtraForwardMs", "-5")]
    [InlineData("Silo:InferenceEngine:ExtraForwardMs", "10001")]
    [InlineData("Silo:LatencyController:MaxFrameSkip", "-1")]
    [InlineData("Silo:SequenceLimits:MaxFrames", "0")]
    public async Task AnInvalidSiloSettingStopsTheHostAtStartNamingItsKey(string key, string value)
    {
        // Validation runs before any hosted service starts: Orleans (on its default ports) never listens here.
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
    public async Task RedisClusteringWithoutAConnectionStringStopsTheSiloAtStartNotWhenItIsBuilt()
    {
        using var host = Build(new() { ["Silo:Cluster:Mode"] = "Redis", ["Silo:Cluster:GatewayPort"] = "11111" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains("Silo:Cluster:RedisConnectionString is required when Silo:Cluster:Mode is Redis", error.Message);
        Assert.Contains("Silo:Cluster:GatewayPort must differ from Silo:Cluster:SiloPort", error.Message);
    }

    [Theory]
    [InlineData("Silo:Mqtt:Hostname", "broker", "Silo:Mqtt:Hostname is not a setting: did you mean Silo:Mqtt:Host?")]
    [InlineData("Silo:Cluster:Mod", "Redis", "Silo:Cluster:Mod is not a setting: did you mean Silo:Cluster:Mode?")]
    [InlineData("Silo:Inference:TargetLatency", "80", "Silo:Inference:TargetLatency is not a setting: did you mean Silo:Inference:TargetLatencyMs?")]
    [InlineData("Silo:Camera:TopK", "3", "Silo:Camera is not a section of Silo: did you mean Silo:Cameras?")]
    public async Task AMisspeltSiloKeyStopsTheHostAtStartNamingItInFull(string key, string value, string message)
    {
        using var host = Build(new() { [key] = value });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Contains(message, Flatten(error));
    }

    [Theory]
    [InlineData("Inference:MaxBatchSize", "Silo:Inference:MaxBatchSize")]
    [InlineData("InferenceEngine:MaxQueueDelayMs", "Silo:InferenceEngine:MaxQueueDelayMs")]
    [InlineData("LatencyController:DegradeOrder", "Silo:LatencyController:DegradeOrder")]
    [InlineData("ModelCatalog:Directory", "Silo:ModelCatalog:Directory")]
    [InlineData("InferenceSession:ThreadCount", "Silo:InferenceSession:ThreadCount")]
    [InlineData("EdgeVision:SequenceLimits:MaxFrames", "Silo:SequenceLimits:MaxFrames")]
    [InlineData("Silo:Mqtt:SocketBufferSize", "Silo:Mqtt:SocketBufferBytes")]
    public async Task AKeyUnderARetiredNameStopsTheSiloNamingWhereItGoesNow(string key, string now)
    {
        using var host = Build(new() { [key] = "1" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal($"{key} has moved to {now}.", Assert.Single(error.Failures));
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

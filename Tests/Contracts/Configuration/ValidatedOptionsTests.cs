using EdgeVision.Contracts.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.Contracts.Configuration;

public sealed class ValidatedOptionsTests
{
    [Fact]
    public void ConfiguredArrayReplacesTheDefaultInsteadOfAppending()
    {
        var config = Bind(new()
        {
            ["Video:Mean:0"] = "0.5", ["Video:Mean:1"] = "0.5", ["Video:Mean:2"] = "0.5",
        });

        Assert.Equal([0.5, 0.5, 0.5], config.Mean);
        Assert.Equal([0.229, 0.224, 0.225], config.Std);
    }

    [Fact]
    public void EmptyFpsMeansTheSourcesOwnRate()
    {
        var config = Bind(new() { ["Video:Fps"] = "" });

        Assert.Null(config.Fps);
    }

    [Fact]
    public void MisspelledKeyIsRejectedWithItsName()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bind(new() { ["Video:TargetWidht"] = "112" }));

        Assert.Contains("TargetWidht", error.Message);
    }

    [Fact]
    public void ValueOfTheWrongTypeIsRejectedWithItsKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bind(new() { ["Video:TargetWidth"] = "wide" }));

        Assert.Contains("Video:TargetWidth", error.Message);
    }

    [Fact]
    public async Task HostWithInvalidConfigurationStopsAtStartNamingEveryKey()
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Video:TargetWidth"] = "0",
            ["Inference:MaxLatencyMs"] = "10",
        });
        builder.Services.AddValidatedOptions(VideoConfig.SectionName,
            new ConfigValidator<VideoConfig>(VideoConfig.SectionName, (c, s) => c.Validate(s)));
        builder.Services.AddValidatedOptions(InferenceConfig.SectionName,
            new ConfigValidator<InferenceConfig>(InferenceConfig.SectionName, (c, s) => c.Validate(s)));
        using var host = builder.Build();

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken));

        var messages = error is AggregateException aggregate
            ? string.Join("\n", aggregate.InnerExceptions.Select(e => e.Message))
            : error.Message;
        Assert.Contains("Video:TargetWidth", messages);
        Assert.Contains("Inference:MaxLatencyMs", messages);
    }

    [Fact]
    public void ValidHostConfigurationBindsEveryValue()
    {
        var config = Bind(new()
        {
            ["Video:TargetWidth"] = "112", ["Video:TargetHeight"] = "96", ["Video:Stride"] = "4",
            ["Video:Normalize"] = "false", ["Video:MaxFps"] = "60",
        });

        Assert.Equal((112, 96, 4, false, 60.0), (config.TargetWidth, config.TargetHeight, config.Stride, config.Normalize, config.MaxFps));
        Assert.Empty(config.Validate());
    }

    private static VideoConfig Bind(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddValidatedOptions(VideoConfig.SectionName,
            new ConfigValidator<VideoConfig>(VideoConfig.SectionName, (c, s) => c.Validate(s)));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<VideoConfig>>().Value;
    }
}

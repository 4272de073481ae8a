using EdgeVision.Contracts.Configuration;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.ServiceDefaults;

/// <summary>
/// <c>AddValidatedOptions</c> and the configuration layout: what a host reports at start for bad values, keys that name no
/// setting, keys under a retired name, and sections of a root that nothing binds.
/// </summary>
public sealed class ValidatedOptionsTests
{
    private const string Video = "Edge:Video";

    [Fact]
    public void ConfiguredArrayReplacesTheDefaultInsteadOfAppending()
    {
        var config = Bind(new()
        {
            ["Edge:Video:Mean:0"] = "0.5", ["Edge:Video:Mean:1"] = "0.5", ["Edge:Video:Mean:2"] = "0.5",
        });

        Assert.Equal([0.5, 0.5, 0.5], config.Mean);
        Assert.Equal([0.229, 0.224, 0.225], config.Std);
    }

    [Fact]
    public void EmptyFpsMeansTheSourcesOwnRate()
    {
        var config = Bind(new() { ["Edge:Video:Fps"] = "" });

        Assert.Null(config.Fps);
    }

    [Fact]
    public void AMisspeltKeyIsRejectedWithItsFullPathAndTheSettingItResembles()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Edge:Video:TargetWidht"] = "112" }));

        Assert.Equal("Edge:Video:TargetWidht is not a setting: did you mean Edge:Video:TargetWidth?", Assert.Single(error.Failures));
    }

    [Fact]
    public void AKeyLikeNoSettingListsTheSettingsOfItsSection()
    {
        var error = Assert.Throws<OptionsValidationException>(() => Bind(new() { ["Edge:Video:Colour"] = "red" }));

        var failure = Assert.Single(error.Failures);
        Assert.StartsWith("Edge:Video:Colour is not a setting; Edge:Video has BatchSize, BufferSize, Fps, FrameSkip,", failure);
    }

    [Fact]
    public void KeysInsideNestedOptionsListsAndDictionariesAreCheckedAndNamedInFull()
    {
        var error = Assert.Throws<OptionsValidationException>(() => BindNested(new()
        {
            ["Outer:Inner:Limit"] = "1", ["Outer:Inner:Limt"] = "2",
            ["Outer:Items:0:Limit"] = "3", ["Outer:Items:1:Name"] = "x",
            ["Outer:ByName:a:Limit"] = "4", ["Outer:ByName:b:Limits"] = "5",
            ["Outer:Counts:0"] = "6", ["Outer:Labels:x"] = "y",
        }));

        Assert.Equal(
            ["Outer:ByName:b:Limits is not a setting: did you mean Outer:ByName:b:Limit?", "Outer:Inner:Limt is not a setting: did you mean Outer:Inner:Limit?",
                "Outer:Items:1:Name is not a setting; Outer:Items:1 has Limit."],
            error.Failures);
    }

    [Fact]
    public void ValueOfTheWrongTypeIsRejectedWithItsKey()
    {
        var error = Assert.Throws<InvalidOperationException>(() => Bind(new() { ["Edge:Video:TargetWidth"] = "wide" }));

        Assert.Contains("Edge:Video:TargetWidth", error.Message);
    }

    [Fact]
    public async Task HostWithSeveralInvalidSectionsStopsAtStartNamingEveryKey()
    {
        using var host = Host(new()
        {
            ["Edge:Video:TargetWidth"] = "0",
            ["Silo:Inference:MaxLatencyMs"] = "10",
            ["Silo:Inference:MaxLatncyMs"] = "10",
        });

        var error = await Assert.ThrowsAnyAsync<Exception>(() => host.StartAsync(TestContext.Current.CancellationToken));

        var failures = Failures(error);
        Assert.Contains(failures, f => f.StartsWith("Edge:Video:TargetWidth must be between 16 and 4096", StringComparison.Ordinal));
        Assert.Contains(failures, f => f.StartsWith("Silo:Inference:MaxLatencyMs must not be below Silo:Inference:TargetLatencyMs", StringComparison.Ordinal));
        Assert.Contains("Silo:Inference:MaxLatncyMs is not a setting: did you mean Silo:Inference:MaxLatencyMs?", failures);
    }

    [Fact]
    public async Task ASectionBoundByItsOwnOptionsIsNoUnknownKeyOfTheSectionAroundIt()
    {
        using var host = Host(new() { ["Edge:Site"] = "dock", ["Edge:Video:TargetWidth"] = "112" }, edge: true);

        await host.StartAsync(TestContext.Current.CancellationToken);

        Assert.Equal(112, host.Services.GetRequiredService<IOptions<VideoConfig>>().Value.TargetWidth);
        Assert.Equal("dock", host.Services.GetRequiredService<IOptions<EdgeSection>>().Value.Site);
        await host.StopAsync(TestContext.Current.CancellationToken);
    }

    [Fact]
    public async Task AKeyUnderARetiredSectionStopsTheHostNamingWhereItGoesNow()
    {
        using var host = Host(new() { ["Video:TargetWidth"] = "112", ["Video:Mean:0"] = "0.5" }, edge: true);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(["Video:Mean:0 has moved to Edge:Video:Mean:0.", "Video:TargetWidth has moved to Edge:Video:TargetWidth."], error.Failures);
    }

    [Fact]
    public async Task AKeyRenamedInsideAMovedSectionIsNamedByItsNewNameInItsNewPlace()
    {
        using var host = Host(new() { ["Video:Width"] = "112", ["Edge:Video:Width"] = "96" }, edge: true);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(
            ["Video:Width has moved to Edge:Video:TargetWidth (in pixels).", "Edge:Video:Width has moved to Edge:Video:TargetWidth (in pixels)."],
            error.Failures);
    }

    [Fact]
    public async Task AChildOfARootThatNoOptionsBindStopsTheHostNamingTheSectionsThereAre()
    {
        using var host = Host(new() { ["Silo:Inferense:MaxBatchSize"] = "2", ["Silo:Storage:Kind"] = "disk" });

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => host.StartAsync(TestContext.Current.CancellationToken));

        Assert.Equal(
            ["Silo:Inferense is not a section of Silo: did you mean Silo:Inference?", "Silo:Storage is not a section of Silo; Silo has Inference."],
            error.Failures);
    }

    [Fact]
    public void ValidHostConfigurationBindsEveryValue()
    {
        var config = Bind(new()
        {
            ["Edge:Video:TargetWidth"] = "112", ["Edge:Video:TargetHeight"] = "96", ["Edge:Video:Stride"] = "4",
            ["Edge:Video:Normalize"] = "false", ["Edge:Video:MaxFps"] = "60",
        });

        Assert.Equal((112, 96, 4, false, 60.0), (config.TargetWidth, config.TargetHeight, config.Stride, config.Normalize, config.MaxFps));
        Assert.Empty(config.Validate());
    }

    private static VideoConfig Bind(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddValidatedOptions<VideoConfig>(Video, static (c, s) => c.Validate(s));
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<VideoConfig>>().Value;
    }

    private static Outer BindNested(Dictionary<string, string?> values)
    {
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(values).Build());
        services.AddValidatedOptions<Outer>("Outer", static (_, _) => []);
        using var provider = services.BuildServiceProvider();
        return provider.GetRequiredService<IOptions<Outer>>().Value;
    }

    /// <summary>A host shaped like the edge (<paramref name="edge"/>: <c>Edge</c> with <c>Edge:Video</c> inside, <c>Video</c> retired) or the silo (a <c>Silo</c> root).</summary>
    private static IHost Host(Dictionary<string, string?> values, bool edge = false)
    {
        var builder = Microsoft.Extensions.Hosting.Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(values);
        builder.Services.AddValidatedOptions<VideoConfig>(Video, static (c, s) => c.Validate(s));
        if (edge)
        {
            builder.Services.AddValidatedOptions<EdgeSection>("Edge", static (_, _) => []);
            builder.Services.AddRetiredConfiguration("Video", Video);
            builder.Services.AddRetiredConfiguration($"{Video}:Width", $"{Video}:{nameof(VideoConfig.TargetWidth)}", "in pixels");
        }
        else
        {
            builder.Services.AddConfigurationRoot("Silo");
            builder.Services.AddValidatedOptions<InferenceConfig>("Silo:Inference", static (c, s) => c.Validate(s));
        }

        return builder.Build();
    }

    // One invalid section throws its OptionsValidationException; several throw them together in an AggregateException.
    private static List<string> Failures(Exception error) => error switch
    {
        OptionsValidationException options => [.. options.Failures],
        AggregateException aggregate => [.. aggregate.InnerExceptions.SelectMany(Failures)],
        _ => [error.ToString()],
    };

    public sealed class EdgeSection
    {
        public string Site { get; set; } = "local";
    }

    public sealed class Outer
    {
        public Inner Inner { get; set; } = new();

        public List<Inner> Items { get; set; } = [];

        public Dictionary<string, Inner> ByName { get; set; } = [];

        public int[] Counts { get; set; } = [];

        public Dictionary<string, string> Labels { get; set; } = [];
    }

    public sealed class Inner
    {
        public int Limit { get; set; }
    }
}

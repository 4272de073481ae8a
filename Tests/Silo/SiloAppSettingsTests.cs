using System.Text.Json;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Silo;
using EdgeVision.Silo.Clustering;
using EdgeVision.Silo.Grains;
using EdgeVision.Silo.Mqtt;
using EdgeVision.Tests.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeVision.Tests.Silo;

/// <summary>The silo's <c>appsettings.json</c>, like the other hosts': it documents the defaults and sets log levels for operators.</summary>
public sealed class SiloAppSettingsTests
{
    private static readonly IConfiguration Settings = new ConfigurationBuilder()
        .AddJsonFile(Path.Combine(BenchmarkTestKit.RepositoryRoot(), "Silo", "appsettings.json"), optional: false)
        .Build();

    [Fact]
    public void EveryKeyItSetsIsARealSettingAtItsDefault()
    {
        // The file explains the settings; changing one is the operator's choice, not the file's.
        AssertDefaults<SiloMqttOptions>(SiloMqttOptions.SectionName);
        AssertDefaults<CameraGrainOptions>(CameraGrainOptions.SectionName);
        AssertDefaults<SiloClusterOptions>(SiloClusterOptions.SectionName);
        AssertDefaults<InferenceConfig>(SiloConfiguration.Inference);
    }

    [Theory]
    [InlineData("Microsoft.AspNetCore")] // a line per HTTP request: every health probe and scrape
    [InlineData("Orleans")] // every options class written out at start
    [InlineData("Polly")] // every grain placement attempt
    public void CategoriesThatLogPerRequestLogWarningsOnly(string category)
    {
        Assert.Equal("Warning", Settings[$"Logging:LogLevel:{category}"]);
    }

    private static void AssertDefaults<T>(string section) where T : class, new()
    {
        var bound = new T();
        ValidatedOptionsExtensions.BindSection(Settings.GetSection(section), bound);
        Assert.Empty(ValidatedOptionsExtensions.UnknownKeys(Settings.GetSection(section), typeof(T)));

        Assert.True(Settings.GetSection(section).GetChildren().Any(), $"{section} is not in the file");
        Assert.Equal(JsonSerializer.Serialize(new T()), JsonSerializer.Serialize(bound));
    }
}

using EdgeVision.Tests.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.ServiceDefaults;

/// <summary>Each host's own <c>appsettings.json</c> passes that host's start-up checks: every key it sets is a setting, under its section.</summary>
public sealed class HostAppSettingsTests
{
    [Theory]
    [InlineData("Edge")]
    [InlineData("Silo")]
    [InlineData("Dashboard")]
    [InlineData("Broker")]
    public void TheShippedSettingsOfEachHostPassItsStartUpValidation(string host)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddJsonFile(Path.Combine(BenchmarkTestKit.RepositoryRoot(), host, "appsettings.json"), optional: false);
        builder.Services.AddLogging();
        _ = host switch
        {
            "Edge" => builder.AddEdge(),
            "Silo" => builder.AddSilo(),
            "Dashboard" => builder.AddDashboard(),
            _ => builder.AddBroker(),
        };
        using var built = builder.Build();

        // What StartAsync runs first: every options section validated, unknown and retired keys included.
        built.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    [Theory]
    [InlineData("Edge", "Edge")]
    [InlineData("Silo", "Silo")]
    [InlineData("Dashboard", "Dashboard")]
    [InlineData("Broker", "Broker")]
    public void EveryKeyOfAHostLivesUnderItsComponentsName(string host, string root)
    {
        var settings = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(BenchmarkTestKit.RepositoryRoot(), host, "appsettings.json"), optional: false)
            .Build();

        Assert.Equal(new[] { "Logging", root }.Order(StringComparer.Ordinal), settings.GetChildren().Select(section => section.Key).Order(StringComparer.Ordinal));
    }
}

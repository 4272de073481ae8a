using System.Text.RegularExpressions;
using EdgeVision.Tests.Cli;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.ServiceDefaults;

/// <summary>
/// Each host's own <c>appsettings.json</c>, and the environment its Kubernetes manifest gives it, pass that host's start-up
/// checks: every key they set is a setting, under its section.
/// </summary>
public sealed partial class HostAppSettingsTests
{
    [Theory]
    [InlineData("EdgeAgent")]
    [InlineData("Silo")]
    [InlineData("Dashboard")]
    [InlineData("Broker")]
    public void TheShippedSettingsOfEachHostPassItsStartUpValidation(string host)
    {
        var settings = new ConfigurationBuilder()
            .AddJsonFile(Path.Combine(BenchmarkTestKit.RepositoryRoot(), host, "appsettings.json"), optional: false)
            .Build();

        Validate(host, settings.AsEnumerable());
    }

    [Theory]
    [InlineData("edge.yaml", "EdgeAgent", "Edge")]
    [InlineData("silo.yaml", "Silo", "Silo")]
    [InlineData("dashboard.yaml", "Dashboard", "Dashboard")]
    public void TheEnvironmentOfEachKubernetesDeploymentPassesItsHostsStartUpValidation(string manifest, string host, string root)
    {
        var text = File.ReadAllText(Path.Combine(BenchmarkTestKit.RepositoryRoot(), "k8s", "base", manifest));
        // Values from a Secret or the pod (valueFrom) stand in as a plain word; the key is what is checked.
        var environment = EnvironmentEntry().Matches(text)
            .Select(m => new KeyValuePair<string, string?>(m.Groups["name"].Value.Replace("__", ":", StringComparison.Ordinal),
                m.Groups["value"].Success ? m.Groups["value"].Value.Trim('"') : "from-the-pod"))
            .ToList();

        Assert.Contains(environment, entry => entry.Key.StartsWith(root + ":", StringComparison.Ordinal));
        Validate(host, environment);
    }

    [Theory]
    [InlineData("EdgeAgent", "Edge")]
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

    private static void Validate(string host, IEnumerable<KeyValuePair<string, string?>> settings)
    {
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddLogging();
        _ = host switch
        {
            "EdgeAgent" => builder.AddEdgeAgent(),
            "Silo" => builder.AddSilo(),
            "Dashboard" => builder.AddDashboard(),
            _ => builder.AddBroker(),
        };
        using var built = builder.Build();

        // What StartAsync runs first: every options section validated, unknown and retired keys included.
        built.Services.GetRequiredService<IStartupValidator>().Validate();
    }

    /// <summary>An environment entry of a container: <c>- name: Silo__Mqtt__Host</c>, then <c>value: ...</c> or <c>valueFrom:</c>.</summary>
    [GeneratedRegex(@"- name: (?<name>[A-Za-z]+__[A-Za-z_]+)\s*\n\s*(?:value: (?<value>\S+)|valueFrom:)")]
    private static partial Regex EnvironmentEntry();
}

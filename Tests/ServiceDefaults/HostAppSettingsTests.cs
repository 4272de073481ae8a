using EdgeVision.Tests.Cli;
using EdgeVision.Tests.K8s;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.ServiceDefaults;

/// <summary>
/// Each host's own <c>appsettings.json</c>, and the environment each Kubernetes rendering gives it, pass that host's start-up
/// checks: every key they set is a setting, under its section.
/// </summary>
public sealed class HostAppSettingsTests
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
    [InlineData("base", "edge-camera-1", "EdgeAgent", "Edge")]
    [InlineData("base", "silo", "Silo", "Silo")]
    [InlineData("base", "dashboard", "Dashboard", "Dashboard")]
    [InlineData("overlays/cpu", "silo", "Silo", "Silo")]
    [InlineData("overlays/gpu", "silo", "Silo", "Silo")]
    [InlineData("overlays/local", "silo", "Silo", "Silo")]
    [InlineData("overlays/local", "edge-camera-1", "EdgeAgent", "Edge")]
    public async Task TheEnvironmentEachKubernetesRenderingGivesAHostPassesItsStartUpValidation(string target, string workload, string host, string root)
    {
        var manifests = await RenderedManifests.RenderAsync(target, TestContext.Current.CancellationToken);
        var container = Assert.Single(Assert.Single(manifests.PodTemplates(), p => p.Workload == workload).Template.Spec.Containers);

        // As the container starts: its ConfigMaps, then its env with $(NAME) expanded; Secret values and pod fields
        // stand in as a plain word, the pod's IP as an address.
        var environment = ContainerEnvironment.Of(container, manifests)
            .Where(entry => entry.Key.Contains("__", StringComparison.Ordinal))
            .Select(entry => new KeyValuePair<string, string?>(entry.Key.Replace("__", ":", StringComparison.Ordinal), entry.Value))
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

}

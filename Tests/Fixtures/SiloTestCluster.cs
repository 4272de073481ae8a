using EdgeVision.Silo.Clustering;
using EdgeVision.Silo.Ingestion;
using EdgeVision.Silo.Mqtt;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;
using Orleans.TestingHost;

namespace EdgeVision.Tests.Fixtures;

/// <summary>
/// EdgeVision silos in an Orleans <see cref="InProcessTestCluster"/>, wired to an <see cref="InProcessBroker"/>: each silo
/// runs the real silo services (<c>AddSiloServices</c>: MQTT ingestion and publishing, camera grains, the inference engine
/// with the shipped <c>models/conv3d.ckpt</c>) and the real grain configuration (<c>AddEdgeVisionGrains</c>: silo metadata,
/// placement filter, camera storage). Only membership is the test cluster's own.
/// </summary>
public sealed class SiloTestCluster : IAsyncDisposable
{
    private SiloTestCluster(InProcessTestCluster cluster) => Cluster = cluster;

    public InProcessTestCluster Cluster { get; }

    public IClusterClient Client => Cluster.Client;

    /// <param name="broker">The broker every silo ingests from and publishes to.</param>
    /// <param name="silos">Silos to start.</param>
    /// <param name="settings">Configuration keys for every silo (e.g. <c>Silo:Inference:MaxLatencyMs</c>).</param>
    /// <param name="hostsInference">Whether the silo of this index (0 = primary) hosts camera grains; all do when null.</param>
    /// <param name="configureHost">Runs for the silo of each index after its services were added (e.g. to wrap one).</param>
    public static Task<SiloTestCluster> StartAsync(
        InProcessBroker broker,
        int silos = 1,
        IReadOnlyDictionary<string, string?>? settings = null,
        Func<int, bool>? hostsInference = null,
        Action<int, IHostApplicationBuilder>? configureHost = null)
    {
        ArgumentNullException.ThrowIfNull(broker);
        return StartAsync(broker.Port, silos, settings, hostsInference, configureHost);
    }

    /// <summary>Silos wired to any broker on loopback <paramref name="brokerPort"/> (mosquitto, a test server).</summary>
    public static async Task<SiloTestCluster> StartAsync(
        int brokerPort,
        int silos = 1,
        IReadOnlyDictionary<string, string?>? settings = null,
        Func<int, bool>? hostsInference = null,
        Action<int, IHostApplicationBuilder>? configureHost = null)
    {
        var run = Guid.NewGuid().ToString("N")[..8];
        var builder = new InProcessTestClusterBuilder((short)silos);
        builder.ConfigureSiloHost((silo, host) =>
        {
            var index = Index(silo.SiloName);
            host.Configuration.AddInMemoryCollection(Settings(brokerPort, run, silo.SiloName, index, settings, hostsInference));
            host.AddSiloServices();
            configureHost?.Invoke(index, host);
        });
        builder.ConfigureSilo((silo, siloBuilder) =>
        {
            var index = Index(silo.SiloName);
            var options = new SiloClusterOptions { HostsInference = hostsInference?.Invoke(index) ?? true, InferenceDevice = "cpu" };
            siloBuilder.AddEdgeVisionGrains(InferenceSiloMetadata.For(options, () => false));
        });
        var cluster = builder.Build();
        try
        {
            await cluster.DeployAsync();
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }

        return new SiloTestCluster(cluster);
    }

    /// <summary>A service of the silo at <paramref name="index"/> in <see cref="InProcessTestCluster.Silos"/>.</summary>
    public T Service<T>(int index) where T : notnull => Cluster.Silos[index].ServiceProvider.GetRequiredService<T>();

    /// <summary>
    /// The ingestion health entry of the silo at <paramref name="index"/> once <paramref name="condition"/> holds (it says whether
    /// the sequence subscription is in place, and why not); the health check has no signal to wait on, so it is polled.
    /// </summary>
    public async Task<HealthReportEntry> WaitForIngestionAsync(int index, Func<HealthReportEntry, bool> condition, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var health = Service<HealthCheckService>(index);
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        while (true)
        {
            var entry = (await health.CheckHealthAsync(r => r.Name == IngestionHealthCheck.Name, deadline.Token)).Entries[IngestionHealthCheck.Name];
            if (condition(entry))
            {
                return entry;
            }

            if (deadline.IsCancellationRequested)
            {
                throw new TimeoutException($"The ingestion health check stayed at: {entry.Status} {entry.Description}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }

    public async ValueTask DisposeAsync() => await Cluster.DisposeAsync();

    /// <summary>The name the test cluster gives the silo of <paramref name="index"/> (0 is the first).</summary>
    public static string SiloName(int index) => $"{SiloNamePrefix}{index}";

    private const string SiloNamePrefix = "Silo_";

    // The in-process test cluster names silos "Silo_0", "Silo_1", ...
    private static int Index(string siloName) =>
        siloName.StartsWith(SiloNamePrefix, StringComparison.Ordinal) && int.TryParse(siloName[SiloNamePrefix.Length..], out var n)
            ? n
            : throw new InvalidOperationException($"Unexpected test silo name '{siloName}'.");

    private static Dictionary<string, string?> Settings(
        int brokerPort, string run, string siloName, int index,
        IReadOnlyDictionary<string, string?>? settings, Func<int, bool>? hostsInference)
    {
        var result = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase)
        {
            [$"{SiloMqttOptions.SectionName}:{nameof(SiloMqttOptions.Host)}"] = InProcessBroker.Address,
            [$"{SiloMqttOptions.SectionName}:{nameof(SiloMqttOptions.Port)}"] = brokerPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            [$"{SiloMqttOptions.SectionName}:{nameof(SiloMqttOptions.ClientId)}"] = $"test-{run}-{siloName}",
            [$"{SiloMqttOptions.SectionName}:{nameof(SiloMqttOptions.ReconnectMinDelaySeconds)}"] = "0.05",
            [$"{SiloMqttOptions.SectionName}:{nameof(SiloMqttOptions.ReconnectMaxDelaySeconds)}"] = "0.5",
            [$"{SiloClusterOptions.SectionName}:{nameof(SiloClusterOptions.HostsInference)}"] = (hostsInference?.Invoke(index) ?? true) ? "true" : "false",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            result[key] = value;
        }

        return result;
    }
}

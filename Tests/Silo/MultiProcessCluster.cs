using System.Globalization;
using EdgeVision.Testing;
using MQTTnet;
using MQTTnet.Formatter;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// What the multi-process tests run: redis-server, mosquitto and two silo processes (<c>silo-a</c>, <c>silo-b</c>) in one
/// Orleans cluster with Redis membership, sharing the sequence topics through one shared subscription group.
/// <see cref="DisposeAsync"/> kills every process it started, silos first, whatever happened before.
/// </summary>
internal sealed class MultiProcessCluster : IAsyncDisposable
{
    public const string ServiceId = "edgevision-test";
    public const string Group = "silos";

    private static readonly TimeSpan Startup = TimeSpan.FromSeconds(120);

    private readonly List<IAsyncDisposable> _owned = [];

    private MultiProcessCluster(string clusterId) => ClusterId = clusterId;

    public string ClusterId { get; }

    public RedisServer Redis { get; private set; } = null!;

    public MosquittoBroker Mosquitto { get; private set; } = null!;

    public MultiProcessSilo SiloA { get; private set; } = null!;

    public MultiProcessSilo SiloB { get; private set; } = null!;

    /// <summary>The Orleans silo-to-silo ports of silo-a and silo-b.</summary>
    public (int A, int B) SiloPorts { get; private set; }

    /// <param name="cancellationToken">Cancels the start.</param>
    /// <param name="settings">Configuration keys for both silos, over the defaults (e.g. <c>Silo:InferenceEngine:MaxQueueDelayMs</c>).</param>
    public static async Task<MultiProcessCluster> StartAsync(CancellationToken cancellationToken, IReadOnlyDictionary<string, string>? settings = null)
    {
        var cluster = new MultiProcessCluster("mp-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            cluster.Redis = cluster.Own(await RedisServer.StartAsync(cancellationToken));
            cluster.Mosquitto = cluster.Own(await MosquittoBroker.StartNewAsync(cancellationToken: cancellationToken));
            var ports = LoopbackPort.Free(4);
            cluster.SiloPorts = (ports[0], ports[2]);
            cluster.SiloA = cluster.Own(MultiProcessSilo.Start("silo-a", cluster.Settings("a", ports[0], ports[1], settings), Echo));
            cluster.SiloB = cluster.Own(MultiProcessSilo.Start("silo-b", cluster.Settings("b", ports[2], ports[3], settings), Echo));
            await Task.WhenAll(cluster.SiloA.WaitUntilReadyAsync(Startup, cancellationToken), cluster.SiloB.WaitUntilReadyAsync(Startup, cancellationToken));
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    /// <summary>An MQTT 5 client of the cluster's mosquitto (1 MB socket buffers, as edges and silos use).</summary>
    public async Task<IMqttClient> ConnectAsync(string role, CancellationToken cancellationToken)
    {
        var client = new MqttClientFactory().CreateMqttClient();
        var options = new MqttClientOptionsBuilder()
            .WithTcpServer("127.0.0.1", Mosquitto.Port)
            .WithProtocolVersion(MqttProtocolVersion.V500)
            .WithClientId($"{ClusterId}-{role}")
            .Build();
        ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = 1024 * 1024;
        try
        {
            await client.ConnectAsync(options, cancellationToken);
            return client;
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>The cluster's rows of the Redis membership table.</summary>
    public Task<IReadOnlyList<MultiProcessMembership.Member>> MembersAsync() =>
        MultiProcessMembership.ReadAsync(Redis.ConnectionString, ServiceId, ClusterId);

    public async ValueTask DisposeAsync()
    {
        // Reverse order of start: silos, then mosquitto, then redis. Each is disposed even if another throws.
        var errors = new List<Exception>();
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            try
            {
                await _owned[i].DisposeAsync();
            }
            catch (Exception ex)
            {
                errors.Add(ex);
            }
        }

        _owned.Clear();
        if (errors.Count > 0)
        {
            throw new AggregateException("Stopping the multi-process cluster failed.", errors);
        }
    }

    /// <summary>A silo's last lines into the test's output when it is stopped.</summary>
    public static void Echo(string lines) => TestContext.Current.TestOutputHelper?.WriteLine(lines);

    private T Own<T>(T resource) where T : IAsyncDisposable
    {
        _owned.Add(resource);
        return resource;
    }

    private Dictionary<string, string> Settings(string name, int siloPort, int gatewayPort, IReadOnlyDictionary<string, string>? overrides)
    {
        var settings = Defaults(name, siloPort, gatewayPort);
        foreach (var (key, value) in overrides ?? new Dictionary<string, string>())
        {
            settings[key] = value;
        }

        return settings;
    }

    private Dictionary<string, string> Defaults(string name, int siloPort, int gatewayPort) => new()
    {
        ["Silo:Cluster:Mode"] = "Redis",
        ["Silo:Cluster:RedisConnectionString"] = Redis.ConnectionString,
        ["Silo:Cluster:ServiceId"] = ServiceId,
        ["Silo:Cluster:ClusterId"] = ClusterId,
        ["Silo:Cluster:AdvertisedAddress"] = "127.0.0.1",
        ["Silo:Cluster:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
        ["Silo:Cluster:GatewayPort"] = gatewayPort.ToString(CultureInfo.InvariantCulture),
        ["Silo:Cluster:InferenceDevice"] = "cpu",
        ["Silo:Mqtt:Host"] = "127.0.0.1",
        ["Silo:Mqtt:Port"] = Mosquitto.Port.ToString(CultureInfo.InvariantCulture),
        ["Silo:Mqtt:ClientId"] = $"{ClusterId}-{name}",
        ["Silo:Mqtt:SharedSubscriptionGroup"] = Group,
        ["Silo:Mqtt:ReconnectMinDelaySeconds"] = "0.05",
        ["Silo:Mqtt:ReconnectMaxDelaySeconds"] = "0.5",
        // A wide budget: these tests are about delivery, not latency, on a machine shared with other work.
        ["Silo:Inference:TargetLatencyMs"] = "30000",
        ["Silo:Inference:MaxLatencyMs"] = "60000",
        // Two silos on two cores: workstation GC keeps each process small.
        ["DOTNET_gcServer"] = "0",
    };
}

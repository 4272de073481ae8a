using System.Globalization;
using EdgeVision.Testing;

namespace EdgeVision.Benchmarks.Soak;

/// <summary>
/// The processes under soak: mosquitto and redis-server from Debian, two silo processes (Redis membership, one shared
/// subscription) and the edge agents (started by <see cref="StartEdgesAsync"/>); or, embedded, the embedded broker's executable and one silo. It restarts what the
/// faults stop, records every process's life, and kills every process it started by pid when disposed (also from
/// <see cref="KillAll"/>, the Ctrl-C and process-exit path).
/// </summary>
internal sealed class SoakSystem : IAsyncDisposable
{
    private readonly SoakOptions _options;
    private readonly TimeProvider _time;
    private readonly List<ProcessLife> _lives = [];
    private RedisServer? _redis;
    private MosquittoBroker? _mosquitto;
    private EmbeddedBrokerProcess? _embedded;
    private ProcessLife? _brokerLife;
    private ProcessLife? _redisLife;
    private int _brokerStarts;

    private SoakSystem(SoakOptions options, TimeProvider time)
    {
        _options = options;
        _time = time;
    }

    public int BrokerPort { get; private set; }

    public IReadOnlyList<SoakSilo> Silos { get; private set; } = [];

    public IReadOnlyList<SoakEdge> Edges { get; private set; } = [];

    /// <summary>Every process started so far, running or ended.</summary>
    public IReadOnlyList<ProcessLife> Lives
    {
        get
        {
            lock (_lives)
            {
                return [.. _lives];
            }
        }
    }

    public static async Task<SoakSystem> StartAsync(SoakOptions options, TimeProvider time, CancellationToken cancellationToken)
    {
        var system = new SoakSystem(options, time);
        try
        {
            await system.StartBrokerAsync(cancellationToken);
            var clusterId = "soak-" + Guid.NewGuid().ToString("N")[..8];
            List<SoakSilo> silos = [];
            foreach (var role in options.Embedded ? ["silo"] : new[] { "silo-a", "silo-b" })
            {
                silos.Add(await SoakSilo.CreateAsync(role, system.SiloSettings(role, clusterId), cancellationToken));
            }

            system.Silos = silos;
            await Task.WhenAll(silos.Select(silo => system.StartSiloAsync(silo, cancellationToken)));
            system.Edges = [.. Enumerable.Range(0, options.Edges).Select(i => new SoakEdge("c" + i.ToString(CultureInfo.InvariantCulture), system.BrokerPort, options))];
            return system;
        }
        catch
        {
            await system.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts every edge agent (once the soak's subscriber listens, so that it sees their first sequences).</summary>
    public Task StartEdgesAsync(CancellationToken cancellationToken) => Task.WhenAll(Edges.Select(edge => StartEdgeAsync(edge, cancellationToken)));

    public async Task StartSiloAsync(SoakSilo silo, CancellationToken cancellationToken)
    {
        var starting = silo.StartAsync(_time, cancellationToken);
        Record(silo.Life!);
        await starting;
    }

    public async Task StartEdgeAsync(SoakEdge edge, CancellationToken cancellationToken)
    {
        var starting = edge.StartAsync(_time, cancellationToken);
        Record(edge.Life!);
        await starting;
    }

    /// <summary>SIGKILL: no shutdown, no MQTT disconnect, no Orleans leave.</summary>
    public async Task KillSiloAsync(SoakSilo silo, CancellationToken cancellationToken)
    {
        End(silo.Life, "sigkill");
        await silo.Process!.KillAsync(cancellationToken);
        await silo.Process.DisposeAsync();
    }

    public async Task KillEdgeAsync(SoakEdge edge)
    {
        End(edge.Life, "sigkill");
        edge.Process!.Kill();
        await edge.Process.Exited;
        edge.Process.Dispose();
    }

    /// <summary>Stops the broker (SIGTERM: mosquitto saves its sessions; the embedded broker keeps them in memory only), waits <paramref name="down"/>, starts it on the same port.</summary>
    public async Task RestartBrokerAsync(TimeSpan down, CancellationToken cancellationToken)
    {
        End(_brokerLife, "sigterm");
        if (_mosquitto is not null)
        {
            await _mosquitto.StopAsync();
        }
        else
        {
            await _embedded!.StopAsync();
        }

        await Task.Delay(down, _time, cancellationToken);
        if (_mosquitto is not null)
        {
            await _mosquitto.StartAsync(cancellationToken);
            RecordBroker("mosquitto", _mosquitto.ProcessId!.Value);
        }
        else
        {
            await _embedded!.StartAsync(cancellationToken);
            RecordBroker("broker", _embedded.ProcessId!.Value);
        }
    }

    /// <summary>Restarts any silo or edge whose process ended without the soak ending it (a silo the cluster declared dead stops itself); the roles restarted.</summary>
    public async Task<IReadOnlyList<string>> RestartExitedAsync(CancellationToken cancellationToken)
    {
        List<string> restarted = [];
        foreach (var silo in Silos.Where(s => s.Process is { Exited.IsCompleted: true } && s.Life is { EndedAt: null }))
        {
            End(silo.Life, "exited");
            await silo.Process!.DisposeAsync();
            restarted.Add(silo.Role);
            await StartSiloAsync(silo, cancellationToken);
        }

        foreach (var edge in Edges.Where(e => e.Process is { HasExited: true } && e.Life is { EndedAt: null }))
        {
            End(edge.Life, "exited");
            edge.Process!.Dispose();
            restarted.Add(edge.Role);
            await StartEdgeAsync(edge, cancellationToken);
        }

        return restarted;
    }

    /// <summary>Every process of the soak that runs now.</summary>
    public IReadOnlyList<ProcessLife> Running() => [.. Lives.Where(life => life.EndedAt is null)];

    /// <summary>Kills every process the soak started by pid, at once: the path for Ctrl-C and process exit.</summary>
    public void KillAll()
    {
        foreach (var life in Lives.Where(life => life.EndedAt is null))
        {
            try
            {
                using var process = System.Diagnostics.Process.GetProcessById(life.ProcessId);
                process.Kill(entireProcessTree: true);
            }
            catch (ArgumentException)
            {
                // Already gone.
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var edge in Edges)
        {
            End(edge.Life, "sigkill");
            edge.Process?.Dispose();
        }

        foreach (var silo in Silos)
        {
            End(silo.Life, "sigkill");
            if (silo.Process is { } process)
            {
                await process.DisposeAsync();
            }

            silo.DeleteContentRoot();
        }

        End(_brokerLife, "sigterm");
        End(_redisLife, "sigkill");
        if (_mosquitto is not null)
        {
            await _mosquitto.DisposeAsync();
        }

        if (_embedded is not null)
        {
            await _embedded.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    private async Task StartBrokerAsync(CancellationToken cancellationToken)
    {
        if (_options.Embedded)
        {
            _embedded = new EmbeddedBrokerProcess(LoopbackPort.Free());
            await _embedded.StartAsync(cancellationToken);
            BrokerPort = _embedded.Port;
            RecordBroker("broker", _embedded.ProcessId!.Value);
            return;
        }

        _redis = await RedisServer.StartAsync(cancellationToken);
        _redisLife = new ProcessLife("redis", 1, _redis.ProcessId, _time.GetUtcNow());
        Record(_redisLife);
        _mosquitto = await MosquittoBroker.StartNewAsync(cancellationToken: cancellationToken);
        BrokerPort = _mosquitto.Port;
        RecordBroker("mosquitto", _mosquitto.ProcessId!.Value);
    }

    private Dictionary<string, string> SiloSettings(string role, string clusterId)
    {
        var settings = new Dictionary<string, string>
        {
            ["Silo:Cluster:SiloPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            ["Silo:Cluster:GatewayPort"] = LoopbackPort.Free().ToString(CultureInfo.InvariantCulture),
            ["Silo:Cluster:ServiceId"] = "edgevision-soak",
            ["Silo:Cluster:ClusterId"] = clusterId,
            ["Silo:Cluster:InferenceDevice"] = "cpu",
            ["Silo:Mqtt:Host"] = "127.0.0.1",
            ["Silo:Mqtt:Port"] = BrokerPort.ToString(CultureInfo.InvariantCulture),
            // Stable across restarts: the broker keeps a lone silo's session (embedded) and knows the silo again.
            ["Silo:Mqtt:ClientId"] = $"{clusterId}-{role}",
            ["Silo:Mqtt:ReconnectMinDelaySeconds"] = "0.1",
            ["Silo:Mqtt:ReconnectMaxDelaySeconds"] = "2",
            ["Silo:Inference:TargetLatencyMs"] = SoakOptions.TargetLatencyMs.ToString(CultureInfo.InvariantCulture),
            ["Silo:Inference:MaxLatencyMs"] = SoakOptions.MaxLatencyMs.ToString(CultureInfo.InvariantCulture),
            ["DOTNET_gcServer"] = "0",
        };
        if (!_options.Embedded)
        {
            settings["Silo:Cluster:Mode"] = "Redis";
            settings["Silo:Cluster:RedisConnectionString"] = _redis!.ConnectionString;
            settings["Silo:Cluster:AdvertisedAddress"] = "127.0.0.1";
            settings["Silo:Mqtt:SharedSubscriptionGroup"] = "silos";
        }

        return settings;
    }

    private void RecordBroker(string role, int processId)
    {
        _brokerStarts++;
        _brokerLife = new ProcessLife(role, _brokerStarts, processId, _time.GetUtcNow());
        Record(_brokerLife);
    }

    private void Record(ProcessLife life)
    {
        lock (_lives)
        {
            _lives.Add(life);
        }
    }

    private void End(ProcessLife? life, string how)
    {
        if (life is { EndedAt: null })
        {
            life.EndedAt = _time.GetUtcNow();
            life.EndedBy = how;
        }
    }
}

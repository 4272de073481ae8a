using EdgeVision.Testing;

namespace EdgeVision.Benchmarks.Edge;

/// <summary>
/// The MQTT broker a scenario sends to: one already listening on a given port (a scenario's <c>--broker-port</c>), or
/// Debian's mosquitto started for the run with its defaults (no persistence) and stopped with it.
/// </summary>
internal sealed class ScenarioBroker : IAsyncDisposable
{
    private readonly MosquittoBroker? _started;

    private ScenarioBroker(MosquittoBroker? started, int port)
    {
        _started = started;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The broker's process id when this run started it; null when an already running broker is used.</summary>
    public int? ProcessId => _started?.ProcessId;

    /// <summary>Uses the broker on <paramref name="existingPort"/>, or starts mosquitto when it is 0.</summary>
    public static async Task<ScenarioBroker> StartAsync(int existingPort, CancellationToken cancellationToken)
    {
        if (existingPort != 0)
        {
            return new ScenarioBroker(null, existingPort);
        }

        var started = await MosquittoBroker.StartNewAsync(durableSessions: false, cancellationToken: cancellationToken);
        return new ScenarioBroker(started, started.Port);
    }

    public async ValueTask DisposeAsync()
    {
        if (_started is not null)
        {
            await _started.DisposeAsync();
        }
    }
}

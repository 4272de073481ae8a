using System.Globalization;
using EdgeVision.EdgeAgent;
using EdgeVision.Testing;

namespace EdgeVision.Benchmarks.Soak;

/// <summary>One camera's edge agent role: the current process, and when each of its processes started (sequence numbers restart from 0 with each).</summary>
internal sealed class SoakEdge(string camera, int brokerPort, SoakOptions options)
{
    private readonly List<DateTimeOffset> _starts = [];

    public string Camera { get; } = camera;

    public string Role => "edge-" + Camera;

    public AgentProcess? Process { get; private set; }

    public ProcessLife? Life { get; private set; }

    public Uri? MetricsAddress { get; private set; }

    /// <summary>The process a sequence captured at <paramref name="capture"/> came from (1-based), by start times.</summary>
    public int IncarnationAt(DateTimeOffset capture)
    {
        lock (_starts)
        {
            var incarnation = 1;
            for (var i = 0; i < _starts.Count; i++)
            {
                if (_starts[i] <= capture)
                {
                    incarnation = i + 1;
                }
            }

            return incarnation;
        }
    }

    public async Task StartAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        int incarnation;
        lock (_starts)
        {
            _starts.Add(started);
            incarnation = _starts.Count;
        }

        var process = AgentProcess.Start(
            // The agent's own collector (workstation, its runtimeconfig) with the young generation and the one glibc arena its image
            // sets, given explicitly so that the soak measures them whether or not the agent's restart at start works.
            new Dictionary<string, string>
            {
                [GarbageCollectorSettings.Gen0SizeVariable] = GarbageCollectorSettings.RecommendedGen0Size,
                ["MALLOC_ARENA_MAX"] = "1",
                ["Logging__Console__FormatterName"] = "simple",
            },
            "--Edge:Site", SoakOptions.Site,
            "--Edge:Camera", Camera,
            "--Edge:Mqtt:Host", "127.0.0.1",
            "--Edge:Mqtt:Port", brokerPort.ToString(CultureInfo.InvariantCulture),
            "--Edge:Mqtt:ReconnectMaxDelaySeconds", "2",
            "--Edge:ResultTimeoutSeconds", options.ResultTimeoutSeconds.ToString(CultureInfo.InvariantCulture));
        Process = process;
        Life = new ProcessLife(Role, incarnation, process.ProcessId, started);
        MetricsAddress = null;
        MetricsAddress = await process.Listening.WaitAsync(TimeSpan.FromSeconds(180), cancellationToken);
    }
}

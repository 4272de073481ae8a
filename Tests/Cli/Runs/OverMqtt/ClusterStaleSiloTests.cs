using EdgeVision.Contracts.Telemetry;
using EdgeVision.Tests.Fixtures;

namespace EdgeVision.Tests.Cli.Runs.OverMqtt;

/// <summary>
/// <c>--cluster</c> against a silo whose latency budget (1 ms) no sequence can meet: the silo drops each as <c>stale</c> and
/// says so on the camera's drops topic, and the CLI's report counts each as a <c>stale</c> silo drop, not as <c>no_result</c>.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class ClusterStaleSiloTests : IAsyncLifetime
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgevision-cli-stale-");
    private InProcessBroker? _broker;
    private SiloTestCluster? _silo;

    public async ValueTask InitializeAsync()
    {
        _broker = await InProcessBroker.StartAsync(cancellationToken: TestContext.Current.CancellationToken);
        _silo = await SiloTestCluster.StartAsync(_broker, settings: new Dictionary<string, string?>
        {
            ["Silo:Inference:TargetLatencyMs"] = "1",
            ["Silo:Inference:MaxLatencyMs"] = "1",
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }

        _folder.Delete(recursive: true);
    }

    [Fact]
    public async Task SequencesTheSiloDropsAsStaleAreReportedAsStaleSiloDropsNotNoResult()
    {
        var report = Path.Combine(_folder.FullName, "stale.json");

        var (exit, output, error) = await BenchmarkTestKit.RunAsync("benchmark", "--cluster", "--broker", $"127.0.0.1:{_broker!.Port}", "--camera", "cli-stale",
            "--source", "synthetic", "--max-frames", "24", "--result-timeout", "30", "--output", report);

        Assert.True(exit == 0, output + error);
        var json = BenchmarkTestKit.ReadJson(report);
        var sequences = json.GetProperty("sequences");
        var assembled = sequences.GetProperty("assembled").GetInt64();
        Assert.True(assembled > 0, output);
        Assert.Equal(0, sequences.GetProperty("completed").GetInt64());
        Assert.Equal(assembled, ClusterRunTests.Dropped(json, DropReason.Stale));
        Assert.Equal(0, ClusterRunTests.Dropped(json, DropReason.NoResult));
        Assert.Equal(assembled * 8, json.GetProperty("frames").GetProperty("dropped").GetProperty("stale").GetInt64());
        Assert.True(sequences.GetProperty("reconciled").GetBoolean(), output);
        Assert.True(json.GetProperty("frames").GetProperty("reconciled").GetBoolean(), output);
        var cluster = json.GetProperty("cluster");
        Assert.Equal(assembled, cluster.GetProperty("published").GetInt64());
        Assert.Equal(assembled, cluster.GetProperty("siloDropped").GetProperty("stale").GetInt64());
        Assert.Equal(0, cluster.GetProperty("noResult").GetInt64());
        Assert.Equal(0, cluster.GetProperty("republished").GetInt64());
        Assert.True(cluster.GetProperty("reconciled").GetBoolean(), output);
        Assert.Contains($"silo drops stale {assembled}", output);
    }
}

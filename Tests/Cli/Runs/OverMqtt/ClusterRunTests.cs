using System.Text.Json;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Edge.Sources;
using EdgeVision.Synthetic;
using EdgeVision.Tests.Silo;

namespace EdgeVision.Tests.Cli.Runs.OverMqtt;

/// <summary>
/// <c>benchmark --cluster</c> and <c>live --cluster</c> against a real broker and silo (the shipped conv3d, a latency
/// budget of 30 s so a loaded machine drops nothing): every sequence published as an edge agent publishes it is settled by
/// its result in the edge's ledger, and the report reconciles like a local one.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(SingleSiloCollection.Name)]
public sealed class ClusterRunTests(SingleSiloFixture fixture) : IDisposable
{
    private const int Frames = 32;
    private const int Sequences = Frames / 8;

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgevision-cli-cluster-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task BenchmarkClusterMatchesEveryResultToItsSequenceAndTheReportReconciles()
    {
        var report = Path.Combine(_folder.FullName, "report.json");

        var (exit, output, error) = await BenchmarkTestKit.RunAsync("benchmark", "--cluster", "--broker", $"127.0.0.1:{fixture.Broker.Port}",
            "--camera", "cli-bench", "--source", "synthetic", "--max-frames", $"{Frames}", "--model", "conv3d", "--result-timeout", "60",
            "--output", report, "--quiet");

        Assert.True(exit == 0, output + error);
        var json = BenchmarkTestKit.ReadJson(report);
        var sequences = json.GetProperty("sequences");
        Assert.Equal(Sequences, sequences.GetProperty("assembled").GetInt64());
        Assert.Equal(Sequences, sequences.GetProperty("completed").GetInt64());
        Assert.True(sequences.GetProperty("reconciled").GetBoolean(), output);
        Assert.True(json.GetProperty("frames").GetProperty("reconciled").GetBoolean(), output);
        Assert.Equal(Frames, json.GetProperty("frames").GetProperty("processed").GetInt64());
        var cluster = json.GetProperty("cluster");
        Assert.Equal(Sequences, cluster.GetProperty("published").GetInt64());
        Assert.Equal(Sequences, cluster.GetProperty("resultsMatched").GetInt64());
        Assert.Equal(0, cluster.GetProperty("unmatched").GetInt64());
        Assert.Equal(0, cluster.GetProperty("noResult").GetInt64());
        Assert.Equal(0, cluster.GetProperty("siloDroppedTotal").GetInt64());
        Assert.True(cluster.GetProperty("reconciled").GetBoolean(), output);
        Assert.Equal("edgevision/local/cli-bench/drops", cluster.GetProperty("dropsTopic").GetString());
        Assert.Equal("edgevision/local/cli-bench/results", cluster.GetProperty("resultsTopic").GetString());
        Assert.Equal("conv3d", json.GetProperty("model").GetProperty("kind").GetString());
        Assert.Equal(Sequences, json.GetProperty("latency").GetProperty("endToEnd").GetProperty("count").GetInt64());
        var inference = json.GetProperty("latency").GetProperty("inference").GetProperty("p50").GetDouble();
        Assert.True(json.GetProperty("latency").GetProperty("endToEnd").GetProperty("p50").GetDouble() > inference, "capture to result must exceed the forward pass");
        Assert.Equal(Sequences, json.GetProperty("batches").GetProperty("bySize").EnumerateArray().Sum(b => b.GetProperty("sequences").GetInt64()));
        Assert.Contains("served by the silo via", output);
        // The synthetic scene's ground truth went over MQTT with the frames and came back with the results.
        Assert.Equal(Sequences, json.GetProperty("accuracy").GetProperty("sequences").GetInt64());
        Assert.InRange(json.GetProperty("accuracy").GetProperty("top1").GetDouble(), 0, 1);
    }

    [Fact]
    public async Task LiveClusterWritesOneParsableJsonLinePerSequenceWithTheSilosLabels()
    {
        var log = Path.Combine(_folder.FullName, "results.jsonl");
        var report = Path.Combine(_folder.FullName, "final_report.json");

        var (exit, output, error) = await BenchmarkTestKit.RunAsync("live", "--cluster", "--broker", $"127.0.0.1:{fixture.Broker.Port}",
            "--camera", "cli-live", "--source", "synthetic", "--max-frames", $"{Frames}", "--result-timeout", "60",
            "--output-format", "json", "--output-file", log, "--report-file", report);

        Assert.True(exit == 0, output + error);
        var records = (await File.ReadAllLinesAsync(log, TestContext.Current.CancellationToken)).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.Equal(Enumerable.Range(0, Sequences).Select(n => (long)n), records.Select(r => r.GetProperty("sequence").GetInt64()).Order());
        // Bare "synthetic" plays eight-frame actions from frame 0: each 8-frame sequence shows one whole action.
        var scene = new SyntheticScene(320, 240, SyntheticSourceSettings.DefaultFramesPerAction, seed: 0);
        Assert.All(records, r =>
        {
            Assert.Equal(scene.Describe(r.GetProperty("firstFrame").GetInt64()).Action.Name(), r.GetProperty("trueLabel").GetString());
            Assert.Equal("completed", r.GetProperty("status").GetString());
            Assert.Contains(r.GetProperty("label").GetString(), ActionClasses.Names);
            Assert.InRange(r.GetProperty("confidence").GetDouble(), 0, 1);
            Assert.True(r.GetProperty("latencyMs").GetDouble() > 0);
            // The silo's default model names every result it serves.
            Assert.False(string.IsNullOrEmpty(r.GetProperty("model").GetString()));
            Assert.False(string.IsNullOrEmpty(r.GetProperty("modelVersion").GetString()));
        });
        Assert.Equal(Sequences, BenchmarkTestKit.ReadJson(report).GetProperty("cluster").GetProperty("resultsMatched").GetInt64());
        Assert.Contains("seq ", output);
    }

    internal static long Dropped(JsonElement report, DropReason reason) =>
        report.GetProperty("sequences").GetProperty("dropped").GetProperty(reason.Tag()).GetInt64();
}

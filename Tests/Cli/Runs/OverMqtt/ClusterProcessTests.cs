using System.Text.Json;
using EdgeVision.Tests.Silo;

namespace EdgeVision.Tests.Cli.Runs.OverMqtt;

/// <summary>
/// <c>edgevision live --cluster</c> as a real process against a real broker and silo: SIGINT stops the source, the
/// sequences already published still get their results (or a counted drop), and the report and the JSONL log agree.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(SingleSiloCollection.Name)]
public sealed class ClusterProcessTests(SingleSiloFixture fixture) : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgevision-cli-cluster-process-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task SigintStopsALiveClusterRunAndItsReportMatchesTheLog()
    {
        var log = Path.Combine(_folder.FullName, "results.jsonl");
        var report = Path.Combine(_folder.FullName, "final_report.json");
        var cancellation = TestContext.Current.CancellationToken;
        var (exit, output) = await LiveProcess.RunUntilSignalAsync(LiveProcess.Interrupt, "--cluster", "--broker", $"127.0.0.1:{fixture.Broker.Port}",
            "--camera", "cli-sigint", "--source", "synthetic", "--result-timeout", "60", "--output-file", log, "--report-file", report);

        Assert.True(exit == 0, output);
        var records = (await File.ReadAllLinesAsync(log, cancellation)).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        var json = BenchmarkTestKit.ReadJson(report);
        Assert.Equal("SIGINT", json.GetProperty("stopReason").GetString());
        Assert.Equal(records.Length, json.GetProperty("sequences").GetProperty("assembled").GetInt64());
        Assert.Equal(records.Count(r => r.GetProperty("status").GetString() == "completed"), json.GetProperty("cluster").GetProperty("resultsMatched").GetInt64());
        Assert.True(json.GetProperty("sequences").GetProperty("reconciled").GetBoolean(), output);
        Assert.True(json.GetProperty("frames").GetProperty("reconciled").GetBoolean(), output);
        Assert.Contains("SIGINT: stopping the source", output);
    }
}

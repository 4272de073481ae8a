using System.Text.Json;

namespace EdgeVision.Tests.Cli.Live;

/// <summary>
/// <c>edgevision live</c> as a real process (the built executable, started with the dotnet host): it prints
/// predictions as they arrive, logs them, and on SIGINT or SIGTERM stops the source, drains, and still writes its
/// report, whose sequence counts match the log line for line.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class LiveProcessTests(BenchmarkTestKit kit) : IClassFixture<BenchmarkTestKit>
{
    [Fact]
    public async Task SigintStopsLiveInferenceAndTheReportMatchesTheJsonLinesLog()
    {
        var log = kit.PathFor("results.jsonl");
        var report = kit.PathFor("final_report.json");

        var (exit, output) = await RunUntilSignalAsync(LiveProcess.Interrupt, "--output-format", "json", "--output-file", log, "--report-file", report);

        Assert.True(exit == 0, output);
        var lines = await File.ReadAllLinesAsync(log, TestContext.Current.CancellationToken);
        var records = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.Contains(r.GetProperty("status").GetString(), new[] { "completed", "dropped" }));
        Assert.All(records.Where(r => r.GetProperty("status").GetString() == "completed"), r =>
        {
            Assert.InRange(r.GetProperty("confidence").GetDouble(), 0, 1);
            Assert.False(string.IsNullOrEmpty(r.GetProperty("label").GetString()));
            Assert.Equal("conv3d", r.GetProperty("model").GetString());
        });
        Assert.Equal(records.Select(r => r.GetProperty("sequence").GetInt64()).Order(), records.Select(r => r.GetProperty("sequence").GetInt64()).Distinct().Order());

        var json = BenchmarkTestKit.ReadJson(report);
        Assert.Equal("SIGINT", json.GetProperty("stopReason").GetString());
        Assert.Equal(records.Length, json.GetProperty("sequences").GetProperty("assembled").GetInt64());
        Assert.True(json.GetProperty("frames").GetProperty("reconciled").GetBoolean(), output);
        Assert.True(json.GetProperty("sequences").GetProperty("reconciled").GetBoolean(), output);
        Assert.Contains("SIGINT: stopping the source", output);
    }

    [Fact]
    public async Task SigtermAlsoWritesTheReportAndTheCsvLogHasOneRowPerSequence()
    {
        var log = kit.PathFor("results.csv");
        var report = kit.PathFor("final_report.json");

        var (exit, output) = await RunUntilSignalAsync(LiveProcess.Terminate, "--output-format", "csv", "--output-file", log, "--report-file", report);

        Assert.True(exit == 0, output);
        var rows = await File.ReadAllLinesAsync(log, TestContext.Current.CancellationToken);
        Assert.StartsWith("sequence,first_frame,last_frame,", rows[0]);
        var json = BenchmarkTestKit.ReadJson(report);
        Assert.Equal("SIGTERM", json.GetProperty("stopReason").GetString());
        Assert.Equal(rows.Length - 1, json.GetProperty("sequences").GetProperty("assembled").GetInt64());
    }

    private Task<(int Exit, string Output)> RunUntilSignalAsync(int signal, params string[] extra) =>
        LiveProcess.RunUntilSignalAsync(signal, ["--source", kit.Video, "--loop", "--model", "conv3d", "--max-latency", "5000", "--target-latency", "2500", .. extra]);
}

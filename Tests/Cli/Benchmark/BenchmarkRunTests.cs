using System.Text.Json;
using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Tests.Cli.Benchmark;

/// <summary>
/// The benchmark end to end on a generated video with the shipped conv3d: the report's counts reconcile, frame by
/// frame and sequence by sequence, whatever the machine's speed made the engine drop.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class BenchmarkRunTests(BenchmarkTestKit kit) : IClassFixture<BenchmarkTestKit>
{
    [Fact]
    public async Task BenchmarkOverAGeneratedVideoWritesAReportWhoseCountsReconcile()
    {
        var report = kit.PathFor("report.json");
        var plot = kit.PathFor("latency.png");

        var (exit, output, error) = await BenchmarkTestKit.RunAsync("benchmark", "--source", kit.Video, "--model", "conv3d", "--unpaced",
            "--max-latency", "5000", "--target-latency", "2500", "--output", report, "--plot", plot);

        Assert.True(exit == 0, output + error);
        var json = BenchmarkTestKit.ReadJson(report);
        Assert.Equal($"edgevision benchmark --source {kit.Video} --model conv3d --unpaced --max-latency 5000 --target-latency 2500 --output {report} --plot {plot}",
            json.GetProperty("commandLine").GetString());
        var frames = json.GetProperty("frames");
        var dropped = Counts(frames.GetProperty("dropped"));
        Assert.Equal(BenchmarkTestKit.VideoFrames, frames.GetProperty("in").GetInt64());
        Assert.Equal(DropReasons.All.Select(r => r.Tag()).Order(), dropped.Keys.Order());
        Assert.Equal(dropped.Values.Sum(), frames.GetProperty("droppedTotal").GetInt64());
        Assert.Equal(frames.GetProperty("in").GetInt64(),
            frames.GetProperty("processed").GetInt64() + dropped.Values.Sum() + frames.GetProperty("unassembled").GetInt64());
        Assert.True(frames.GetProperty("reconciled").GetBoolean());

        var sequences = json.GetProperty("sequences");
        var completed = sequences.GetProperty("completed").GetInt64();
        Assert.Equal(sequences.GetProperty("assembled").GetInt64(), completed + Counts(sequences.GetProperty("dropped")).Values.Sum());
        Assert.Equal(completed * 8, frames.GetProperty("processed").GetInt64());
        Assert.True(completed > 0, output);
        Assert.Equal(completed, json.GetProperty("latency").GetProperty("endToEnd").GetProperty("count").GetInt64());
        Assert.Equal(completed, json.GetProperty("batches").GetProperty("bySize").EnumerateArray().Sum(b => b.GetProperty("sequences").GetInt64()));
        Assert.Equal("source-ended", json.GetProperty("stopReason").GetString());
        Assert.Equal("conv3d", json.GetProperty("model").GetProperty("kind").GetString());
        Assert.True(json.GetProperty("resources").GetProperty("peakRssBytes").GetInt64() > 0);
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("environment").GetProperty("cpuModel").GetString()));
        Assert.Contains("[reconciled]", output);
        // A file carries no ground truth: no accuracy, and the text report says why.
        Assert.Equal(JsonValueKind.Null, json.GetProperty("accuracy").ValueKind);
        Assert.Contains("accuracy    unknown", output);

        var png = await File.ReadAllBytesAsync(plot, TestContext.Current.CancellationToken);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.True(png.Length > 10_000, $"plot is only {png.Length} bytes");
    }

    [Fact]
    public async Task MaxFramesStopsTheSourceAndEveryDeliveredFrameIsStillAccountedFor()
    {
        var report = kit.PathFor("report.json");

        var (exit, output, error) = await BenchmarkTestKit.RunAsync("benchmark", "--source", kit.Video, "--model", "conv3d",
            "--max-frames", "40", "--fps", "15", "--max-latency", "5000", "--target-latency", "2500", "--output", report, "--quiet");

        Assert.True(exit == 0, output + error);
        var json = BenchmarkTestKit.ReadJson(report);
        var frames = json.GetProperty("frames");
        Assert.Equal(40, frames.GetProperty("in").GetInt64());
        Assert.Equal("max-frames", json.GetProperty("stopReason").GetString());
        // 30 fps limited to 15 keeps every other frame: 20 kept, 20 dropped for the rate limit.
        Assert.Equal(20, frames.GetProperty("dropped").GetProperty("fps_limit").GetInt64());
        Assert.True(frames.GetProperty("reconciled").GetBoolean(), output);
        Assert.DoesNotContain("[   ", output);
    }

    [Fact]
    public async Task WithBatchingAndAdaptationOffEveryForwardPassTakesOneSequenceAtFullSize()
    {
        var report = kit.PathFor("report.json");

        var (exit, output, error) = await BenchmarkTestKit.RunAsync("benchmark", "--source", kit.Video, "--model", "conv3d", "--unpaced",
            "--no-batching", "--no-frame-skipping", "--no-adaptive-resolution", "--batch-size", "8", "--output", report, "--quiet");

        Assert.True(exit == 0, output + error);
        var json = BenchmarkTestKit.ReadJson(report);
        var batches = json.GetProperty("batches");
        Assert.Equal(1, batches.GetProperty("maxBatchSize").GetInt32());
        Assert.All(batches.GetProperty("bySize").EnumerateArray(), b => Assert.Equal(1, b.GetProperty("size").GetInt32()));
        Assert.All(json.GetProperty("adaptiveChanges").EnumerateArray(), change =>
            Assert.Equal((1, 0, 32, 32), (change.GetProperty("batchSize").GetInt32(), change.GetProperty("frameSkip").GetInt32(),
                change.GetProperty("width").GetInt32(), change.GetProperty("height").GetInt32())));
        Assert.Equal(0, json.GetProperty("frames").GetProperty("dropped").GetProperty("frame_skip").GetInt64());
        Assert.True(json.GetProperty("frames").GetProperty("reconciled").GetBoolean());
    }

    [Fact]
    public async Task DurationEndsALoopingSourceAndTheReportSaysWhy()
    {
        var report = kit.PathFor("report.json");

        var (exit, output, error) = await BenchmarkTestKit.RunAsync("benchmark", "--source", kit.Video, "--loop", "--model", "conv3d",
            "--duration", "2", "--max-latency", "5000", "--target-latency", "2500", "--output", report, "--quiet");

        Assert.True(exit == 0, output + error);
        var json = BenchmarkTestKit.ReadJson(report);
        Assert.Equal("duration", json.GetProperty("stopReason").GetString());
        Assert.Equal(2.0, json.GetProperty("settings").GetProperty("durationSeconds").GetDouble());
        // The stop timer runs on the coarse tick count and the report on the wall clock: allow a few milliseconds.
        Assert.True(json.GetProperty("durationSeconds").GetDouble() >= 1.95, json.GetProperty("durationSeconds").ToString());
        Assert.True(json.GetProperty("frames").GetProperty("reconciled").GetBoolean(), output);
        Assert.True(json.GetProperty("sequences").GetProperty("reconciled").GetBoolean(), output);
    }

    private static Dictionary<string, long> Counts(JsonElement element) =>
        element.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt64());
}

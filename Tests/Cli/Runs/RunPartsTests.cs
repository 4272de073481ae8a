using System.Threading.Channels;
using EdgeVision.Cli.Live;
using EdgeVision.Cli.Reports;
using EdgeVision.Cli.Runs;
using EdgeVision.Edge.Sources;

namespace EdgeVision.Tests.Cli.Runs;

/// <summary>The pieces of a benchmark or live run that can be checked without a model: statistics, parsing, limits, writers.</summary>
public sealed class RunPartsTests
{
    [Fact]
    public void LatencyStatsInterpolateBetweenClosestRanks()
    {
        var stats = LatencyStats.From([40, 10, 30, 20, 50, 60, 70, 80, 90, 100]);

        Assert.Equal((10, 55.0, 55.0, 95.5, 99.1, 10.0, 100.0), (stats.Count, stats.Mean, stats.P50, Math.Round(stats.P95, 6),
            Math.Round(stats.P99, 6), stats.Min, stats.Max));
        Assert.Equal(LatencyStats.Empty, LatencyStats.From([]));
    }

    [Fact]
    public void CpuModelComesFromTheFirstModelNameLine()
    {
        string[] cpuinfo = ["processor\t: 0", "vendor_id\t: AuthenticAMD", "model name\t: AMD EPYC 7B13 64-Core Processor", "model name\t: other"];

        Assert.Equal("AMD EPYC 7B13 64-Core Processor", EnvironmentProbe.CpuModel(cpuinfo));
        Assert.Equal("unknown", EnvironmentProbe.CpuModel(["processor\t: 0"]));
    }

    [Fact]
    public async Task StoppableSourceDeliversExactlyTheFrameLimitAndEndsNormally()
    {
        var generator = new GeneratorFrameSource((_, pixels) => { pixels.Fill(7); return true; }, 16, 16, fps: 1000, playback: Playback.Unpaced);
        var source = new StoppableFrameSource(generator, maxFrames: 25, CancellationToken.None);
        var channel = Channel.CreateUnbounded<Frame>();

        await source.RunAsync(channel.Writer, TestContext.Current.CancellationToken).WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        var frames = new List<Frame>();
        while (channel.Reader.TryRead(out var frame))
        {
            frames.Add(frame);
        }

        Assert.Equal(25, frames.Count);
        Assert.Equal(Enumerable.Range(0, 25).Select(i => (long)i), frames.Select(f => f.Index));
        Assert.Equal((25L, true, SourceState.Ended), (source.Delivered, source.ReachedLimit, source.Status.State));
        frames.ForEach(f => f.Dispose());
    }

    [Fact]
    public async Task StopRequestEndsAnEndlessSourceWithItsReason()
    {
        using var stop = new StopRequest();
        var generator = new GeneratorFrameSource((_, _) => true, 16, 16, fps: 50);
        var source = new StoppableFrameSource(generator, maxFrames: null, stop.Token);
        var channel = Channel.CreateUnbounded<Frame>();
        var first = new TaskCompletionSource();
        generator.StatusChanged += s => { if (s.State == SourceState.Streaming) first.TrySetResult(); };

        var run = source.RunAsync(channel.Writer, TestContext.Current.CancellationToken);
        await first.Task.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);
        Assert.True(stop.Request("SIGINT"));
        Assert.False(stop.Request("duration"));
        await run.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal("SIGINT", stop.Reason);
        Assert.False(source.ReachedLimit);
        Assert.Equal(SourceState.Ended, source.Status.State);
        Assert.Equal(source.Delivered, channel.Reader.Count);
        while (channel.Reader.TryRead(out var frame))
        {
            frame.Dispose();
        }
    }

    [Fact]
    public void ResourceSamplerCountsTheCpuTimeThisProcessSpent()
    {
        using var sampler = new ResourceSampler(TimeProvider.System, TimeSpan.FromMilliseconds(50));
        sampler.Start();
        using var process = System.Diagnostics.Process.GetCurrentProcess();
        var until = process.TotalProcessorTime + TimeSpan.FromMilliseconds(200);
        var spins = 0L;
        for (var i = 0; i < 2_000_000_000 && process.TotalProcessorTime < until; i++)
        {
            spins += i % 7;
            process.Refresh();
        }

        var report = sampler.Stop();

        Assert.True(report.CpuSeconds >= 0.2, $"{report.CpuSeconds} s of CPU after spinning ({spins})");
        Assert.True(report.PeakRssBytes >= report.MeanRssBytes && report.MeanRssBytes > 0);
        Assert.True(report.Samples >= 1);
        Assert.Same(report, sampler.Stop());
    }

    [Fact]
    public void CsvQuotesLabelsThatNeedIt()
    {
        var text = new StringWriter();
        using (var writer = new CsvPredictionWriter(text))
        {
            writer.Write(Record("wave, then \"jump\"", 0.5));
            writer.Write(Record("move_left", 0.75, trueLabel: "move_right"));
        }

        var lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(CsvPredictionWriter.Header, lines[0]);
        Assert.Equal("3,24,31,2026-01-02T03:04:05.0000000+00:00,2026-01-02T03:04:05.0420000+00:00,completed,\"wave, then \"\"jump\"\"\",,0.5,42,30,2,2,32,32,conv3d,1.0.0,",
            lines[1]);
        Assert.Equal("3,24,31,2026-01-02T03:04:05.0000000+00:00,2026-01-02T03:04:05.0420000+00:00,completed,move_left,move_right,0.75,42,30,2,2,32,32,conv3d,1.0.0,",
            lines[2]);
    }

    [Fact]
    public void JsonLinesWritesOneCompactObjectPerRecord()
    {
        var text = new StringWriter();
        using (var writer = new JsonLinesPredictionWriter(text))
        {
            writer.Write(Record("move_left", 0.9, trueLabel: "move_left"));
            writer.Write(Record("move_right", 0.8));
        }

        var lines = text.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        var first = System.Text.Json.JsonDocument.Parse(lines[0]).RootElement;
        Assert.Equal(("move_left", 42.0, "move_left", "move_left"), (first.GetProperty("label").GetString(), first.GetProperty("latencyMs").GetDouble(),
            first.GetProperty("top")[0].GetProperty("label").GetString(), first.GetProperty("trueLabel").GetString()));
        Assert.Equal(("conv3d", "1.0.0"), (first.GetProperty("model").GetString(), first.GetProperty("modelVersion").GetString()));
        // Every line names its true label, null where the source carried none.
        var second = System.Text.Json.JsonDocument.Parse(lines[1]).RootElement;
        Assert.Equal(System.Text.Json.JsonValueKind.Null, second.GetProperty("trueLabel").ValueKind);
    }

    [Fact]
    public void TerminalLineSaysWhetherThePredictionWasTheTrueLabel()
    {
        Assert.EndsWith("truth move_left (right)", PredictionLine.Format(Record("move_left", 0.9, trueLabel: "move_left")));
        Assert.EndsWith("truth grow (wrong)", PredictionLine.Format(Record("move_left", 0.9, trueLabel: "grow")));
        Assert.DoesNotContain("truth", PredictionLine.Format(Record("move_left", 0.9)));
    }

    [Fact]
    public void WarnsWhenTheSyntheticScenePlaysAtAnotherPaceThanTheModelWasTrainedOn()
    {
        var warning = ScenePace.Mismatch(FrameSourceSpec.Parse("synthetic:frames_per_action=32"), "conv3d", trainedFramesPerAction: 8);

        Assert.Contains("plays 32 frames per action and conv3d was trained on 8-frame actions", warning);
        Assert.Contains("frames_per_action=8", warning);
        Assert.Null(ScenePace.Mismatch(FrameSourceSpec.Parse("synthetic"), "conv3d", trainedFramesPerAction: 8));
        Assert.Null(ScenePace.Mismatch(FrameSourceSpec.Parse("synthetic:frames_per_action=32"), "conv3d", trainedFramesPerAction: null));
    }

    private static PredictionRecord Record(string label, double confidence, string? trueLabel = null)
    {
        var at = new DateTimeOffset(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);
        return new PredictionRecord(3, 24, 31, at, at.AddMilliseconds(42), "completed", label, trueLabel, confidence,
            [new LabelScoreRecord(label, confidence)], 42, 30, 2, 2, 32, 32, "conv3d", "1.0.0", null);
    }
}

using EdgeVision.Cli;
using EdgeVision.Cli.Runs;

namespace EdgeVision.Tests.Cli.Benchmark;

/// <summary>Argument parsing and every error of <c>benchmark</c> and <c>live</c>, checked before anything heavy runs.</summary>
public sealed class BenchmarkArgumentTests(BenchmarkTestKit kit) : IClassFixture<BenchmarkTestKit>
{
    [Theory]
    [InlineData("benchmark")]
    [InlineData("live")]
    public async Task UnknownModelIsAnErrorListingTheValidOnes(string command)
    {
        var (exit, _, error) = await BenchmarkTestKit.RunAsync(command, "--source", kit.Video, "--model", "resnet");

        Assert.Equal(1, exit);
        Assert.Contains("Unknown model 'resnet'. Valid choices: convlstm, conv3d, transformer, hybrid; or a model package: a *.evpkg file", error);
    }

    [Theory]
    [InlineData("/no/such/video.mp4", "is not an existing file")]
    [InlineData("ftp://camera.local/stream", "uses the unsupported scheme 'ftp'")]
    [InlineData("webcam:x", "has no device number after 'webcam:'")]
    public async Task UnknownSourceIsAnErrorListingTheValidForms(string source, string why)
    {
        var (exit, _, error) = await BenchmarkTestKit.RunAsync("benchmark", "--source", source, "--model", "conv3d");

        Assert.Equal(1, exit);
        Assert.Contains(why, error);
        Assert.Contains("Valid sources: webcam (= /dev/video0), webcam:N", error);
        Assert.Contains("rtsp://host[:port]/path", error);
    }

    [Theory]
    [InlineData("--batch-size", "0", "--batch-size must be a positive whole number (was 0).")]
    [InlineData("--max-frames", "-5", "--max-frames must be a positive whole number (was -5).")]
    [InlineData("--duration", "0", "--duration must be a positive number (was 0).")]
    [InlineData("--target-latency", "-1", "--target-latency must be a positive number (was -1).")]
    [InlineData("--fps", "NaN", "--fps must be a positive number (was NaN).")]
    [InlineData("--width", "0", "--width must be a positive whole number (was 0).")]
    [InlineData("--fusion", "average", "Unknown fusion 'average'. Valid choices: weighted, concat, ensemble.")]
    public async Task OutOfRangeValuesAreRejectedWithTheOptionNamed(string option, string value, string message)
    {
        var (exit, _, error) = await BenchmarkTestKit.RunAsync("benchmark", "--source", kit.Video, "--model", "conv3d", option, value);

        Assert.Equal(1, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public async Task MaxLatencyBelowTheTargetIsRejected()
    {
        var (exit, _, error) = await BenchmarkTestKit.RunAsync("benchmark", "--source", kit.Video, "--model", "conv3d",
            "--target-latency", "150", "--max-latency", "100");

        Assert.Equal(1, exit);
        Assert.Contains("--max-latency (100) must not be below --target-latency (150).", error);
    }

    [Fact]
    public async Task VerboseAndQuietTogetherAreRejected()
    {
        var (exit, _, error) = await BenchmarkTestKit.RunAsync("live", "--source", kit.Video, "--model", "conv3d", "-v", "-q");

        Assert.Equal(1, exit);
        Assert.Contains("--verbose and --quiet cannot be used together.", error);
    }

    [Fact]
    public async Task UnknownOutputFormatListsJsonAndCsv()
    {
        var (exit, _, error) = await BenchmarkTestKit.RunAsync("live", "--source", kit.Video, "--model", "conv3d", "--output-format", "xml");

        Assert.Equal(1, exit);
        Assert.Contains("Unknown output-format 'xml'. Valid choices: json, csv.", error);
    }

    [Fact]
    public async Task MissingSourceAndModelAreReported()
    {
        var (exit, _, error) = await BenchmarkTestKit.RunAsync("benchmark");

        Assert.Equal(1, exit);
        Assert.Contains("--source", error);
        Assert.Contains("--model", error);
    }

    [Theory]
    [InlineData("benchmark", "--no-adaptive-resolution")]
    [InlineData("live", "--report-file")]
    public async Task HelpDescribesTheOptions(string command, string option)
    {
        var (exit, output, _) = await BenchmarkTestKit.RunAsync(command, "--help");

        Assert.Equal(0, exit);
        Assert.Contains(option, output);
        Assert.Contains("--target-latency", output);
    }

    [Fact]
    public void NoOptionOfAnyCommandStatesItsDefaultTwice()
    {
        // The help prints "[default: x]" after the description of an option that has a default value; a description
        // that also names one either repeats it or, worse, contradicts it ("Default 127.0.0.1:1883. [default: 127.0.0.1]").
        var commands = EdgeVisionCommand.Create().Subcommands;
        var options = commands.SelectMany(command => command.Options.Select(option => (Command: command.Name, Option: option)));

        var twice = options.Where(o => o.Option.HasDefaultValue && (o.Option.Description ?? "").Contains("default", StringComparison.OrdinalIgnoreCase))
            .Select(o => $"{o.Command} {o.Option.Name}: {o.Option.Description}").ToList();

        Assert.NotEmpty(commands);
        Assert.Empty(twice);
    }

    [Fact]
    public async Task LiveHelpGivesTheBrokersDefaultOnceAndWhichPortItImplies()
    {
        var (exit, output, _) = await BenchmarkTestKit.RunAsync("live", "--help");

        Assert.Equal(0, exit);
        Assert.Contains("without a port, 1883 (8883 with --tls). [default: 127.0.0.1]", output);
        Assert.DoesNotContain("Default 127.0.0.1:1883", output);
        // A default camera id in the help would be the help process's own, not the run's.
        Assert.DoesNotContain("[default: cli-", output);
    }

    [Fact]
    public void AdaptiveSwitchesConfigureTheEngineAsTheSiloSectionWould()
    {
        var options = new RunOptions();
        var command = new System.CommandLine.Command("benchmark");
        options.AddTo(command);

        var settings = options.Read(command.Parse(["--source", kit.Video, "--model", "CONV3D", "--batch-size", "6", "--no-batching",
            "--no-frame-skipping", "--target-latency", "80", "--max-latency", "300", "--target-fps", "12", "--fps", "10"]));

        var inference = settings.Inference;
        Assert.Equal((1, false, false, true), (inference.MaxBatchSize, inference.EnableBatching, inference.EnableFrameSkipping, inference.EnableAdaptiveResolution));
        Assert.Equal((80.0, 300.0, 12.0), (inference.TargetLatencyMs, inference.MaxLatencyMs, inference.TargetFps));
        Assert.Equal(("conv3d", 10.0), (settings.Model, settings.Fps));
        Assert.Empty(inference.Validate());
    }

    [Theory]
    [InlineData("--password", "s3cret")]
    [InlineData("--password=s3cret", null)]
    public void TheReportedCommandLineNamesTheVerbOnceAndHidesThePassword(string password, string? value)
    {
        var options = new RunOptions();
        var benchmark = new System.CommandLine.Command("benchmark");
        options.AddTo(benchmark);
        var root = new System.CommandLine.RootCommand { benchmark };
        string[] args = ["benchmark", "--source", kit.Video, "--cluster", "--username", "cam1", password, .. value is null ? [] : new[] { value }, "--camera", "s3cret"];

        var settings = options.Read(root.Parse(args));

        // The camera may be called what the password is; only the password's value is hidden.
        Assert.Equal($"edgevision benchmark --source {kit.Video} --cluster --username cam1 --password *** --camera s3cret", settings.CommandLine);
    }

    [Fact]
    public async Task MissingWeightsFileIsAUserError()
    {
        var missing = kit.PathFor("nope.ckpt");

        var (exit, _, error) = await BenchmarkTestKit.RunAsync("benchmark", "--source", kit.Video, "--model", "conv3d", "--weights", missing);

        Assert.Equal(EdgeVisionCommand.UserErrorExitCode, exit);
        Assert.Contains($"error: Checkpoint not found: {missing}", error);
    }

    [Fact]
    public async Task OptionsContradictingTheCheckpointAreAUserError()
    {
        var (exit, _, error) = await BenchmarkTestKit.RunAsync("benchmark", "--source", kit.Video, "--model", "conv3d", "--num-classes", "5");

        Assert.Equal(EdgeVisionCommand.UserErrorExitCode, exit);
        Assert.Contains("--num-classes 5 contradicts", error);
        Assert.Contains("whose model has 10", error);
    }

    [Fact]
    public async Task LabelsFileWithTheWrongCountIsAUserError()
    {
        var labels = kit.PathFor("labels.txt");
        await File.WriteAllLinesAsync(labels, ["walk", "run", "# a comment", ""], TestContext.Current.CancellationToken);

        var (exit, _, error) = await BenchmarkTestKit.RunAsync("live", "--source", kit.Video, "--model", "conv3d", "--labels", labels);

        Assert.Equal(EdgeVisionCommand.UserErrorExitCode, exit);
        Assert.Contains($"--labels {labels} has 2 labels; the model has 10 classes", error);
    }

    [Fact]
    public async Task AFileThatIsNotAVideoEndsWithASourceErrorAndExitCode3()
    {
        var (exit, _, error) = await BenchmarkTestKit.RunAsync("benchmark", "--source", kit.NotAVideo, "--model", "conv3d", "--quiet");

        Assert.Equal(SourceUnavailableException.ExitCode, exit);
        Assert.Contains($"error: Source '{kit.NotAVideo}' delivered no frame", error);
        Assert.Contains("is not a video OpenCV can open", error);
    }

    [Fact]
    public async Task AnUnreachableCameraEndsWithASourceErrorAfterTheConnectTimeout()
    {
        // Port 9 on loopback: nothing listens, ffmpeg's connection is refused and the source keeps reconnecting.
        var (exit, _, error) = await BenchmarkTestKit.RunAsync("live", "--source", "rtsp://127.0.0.1:9/camera", "--model", "conv3d",
            "--connect-timeout", "3", "--quiet");

        Assert.Equal(SourceUnavailableException.ExitCode, exit);
        Assert.Contains("error: Source 'rtsp://127.0.0.1:9/camera' delivered no frame within 3 s (--connect-timeout)", error);
    }
}

using EdgeVision.Cli.Runs.OverMqtt;
using EdgeVision.Testing;

namespace EdgeVision.Tests.Cli.Runs.OverMqtt;

/// <summary>
/// <c>--cluster</c> on the command line: options that configure the in-process model are refused with it, broker options
/// without it, and a broker nobody listens on ends the run at once with the address and its own exit code.
/// </summary>
public sealed class ClusterArgumentTests
{
    [Fact]
    public async Task InProcessModelOptionsAreRefusedWithClusterNamingEachOne()
    {
        var (exit, _, error) = await BenchmarkTestKit.RunAsync("benchmark", "--cluster", "--source", "synthetic", "--weights", "model.ckpt", "--batch-size", "2", "--no-batching");

        Assert.Equal(1, exit);
        Assert.Contains("--weights, --batch-size, --no-batching", error);
        Assert.Contains("cannot be used with --cluster", error);
    }

    [Fact]
    public async Task LabelsAreRefusedForLiveWithClusterBecauseTheSiloLabelsItsResults()
    {
        var (exit, _, error) = await BenchmarkTestKit.RunAsync("live", "--cluster", "--source", "synthetic", "--labels", "labels.txt");

        Assert.Equal(1, exit);
        Assert.Contains("--labels", error);
        Assert.Contains("--cluster", error);
    }

    [Fact]
    public async Task BrokerOptionsWithoutClusterAreAnError()
    {
        var (exit, _, error) = await BenchmarkTestKit.RunAsync("benchmark", "--source", "synthetic", "--model", "conv3d", "--broker", "127.0.0.1:1883", "--camera", "cam-1");

        Assert.Equal(1, exit);
        Assert.Contains("--broker, --camera apply to --cluster runs only", error);
    }

    [Fact]
    public async Task ModelIsRequiredWithoutClusterOnly()
    {
        var (exit, _, error) = await BenchmarkTestKit.RunAsync("benchmark", "--source", "synthetic");

        Assert.Equal(1, exit);
        Assert.Contains("'--model' is required", error);
    }

    [Theory]
    [InlineData("--broker", "host:99999", "--broker 'host:99999'")]
    [InlineData("--broker", "host:port", "--broker 'host:port'")]
    [InlineData("--camera", "bad/camera", "--camera 'bad/camera'")]
    [InlineData("--result-timeout", "0", "--result-timeout must be a positive number")]
    public async Task BadClusterValuesAreErrorsNamingTheOption(string option, string value, string message)
    {
        var (exit, _, error) = await BenchmarkTestKit.RunAsync("benchmark", "--cluster", "--source", "synthetic", option, value);

        Assert.Equal(1, exit);
        Assert.Contains(message, error);
    }

    [Fact]
    public void TheDefaultCameraIsAValidTopicSegmentNamingThisProcess()
    {
        var camera = ClusterOptions.DefaultCamera();

        Assert.True(EdgeVision.Contracts.Topics.Identifiers.IsValid(camera), camera);
        Assert.EndsWith($"-{Environment.ProcessId}", camera);
    }

    [Fact]
    public void SiloDropsAreReadForThisCameraOnlyFromThePrometheusText()
    {
        const string text = """
            # TYPE edgevision_silo_dropped_total counter
            edgevision_silo_dropped_total{otel_scope_name="EdgeVision.Silo",camera="local/bench-a1",reason="stale"} 1
            edgevision_silo_dropped_total{otel_scope_name="EdgeVision.Silo",camera="local/bench-a3",reason="stale"} 2
            edgevision_silo_dropped_total{otel_scope_name="EdgeVision.Silo",camera="local/bench-a1",reason="overload"} 3 1764115200000
            edgevision_silo_sequences_total{otel_scope_name="EdgeVision.Silo",camera="local/bench-a1",outcome="dropped"} 4
            """;

        var drops = SiloDropMetrics.Parse(text, "local/bench-a1");

        Assert.Equal(new Dictionary<string, long> { ["stale"] = 1, ["overload"] = 3 }, drops);
    }

    [Fact]
    public void SiloDropsOfARunAreTheChangeBetweenTwoReadings()
    {
        var before = new Dictionary<string, long> { ["stale"] = 5, ["overload"] = 1 };
        var after = new Dictionary<string, long> { ["stale"] = 7, ["overload"] = 1, ["invalid"] = 2 };

        Assert.Equal(new Dictionary<string, long> { ["stale"] = 2, ["invalid"] = 2 }, SiloDropMetrics.Since(before, after));
    }

    [Fact]
    public async Task ASiloMetricsValueThatIsNotAnHttpUrlIsAnError()
    {
        var (exit, _, error) = await BenchmarkTestKit.RunAsync("benchmark", "--cluster", "--source", "synthetic", "--silo-metrics", "ftp://silo/metrics");

        Assert.Equal(1, exit);
        Assert.Contains("--silo-metrics 'ftp://silo/metrics' is not an http(s) URL", error);
    }

    [Fact]
    public async Task ACaFileThatIsNotPemIsAUserErrorNamingIt()
    {
        var ca = Path.GetTempFileName();
        try
        {
            await File.WriteAllTextAsync(ca, "not a certificate\n", TestContext.Current.CancellationToken);

            var (exit, _, error) = await BenchmarkTestKit.RunAsync("benchmark", "--cluster", "--tls", "--ca-file", ca, "--broker", "127.0.0.1:1",
                "--source", "synthetic");

            Assert.Equal(EdgeVision.Cli.EdgeVisionCommand.UserErrorExitCode, exit);
            Assert.Contains($"--ca-file is not a usable PEM file (was '{ca}')", error);
        }
        finally
        {
            File.Delete(ca);
        }
    }

    [Fact]
    public async Task TlsFilesWithoutTlsAreAUserErrorNamingTheSwitches()
    {
        var (exit, _, error) = await BenchmarkTestKit.RunAsync("benchmark", "--cluster", "--ca-file", "/no/such/ca.crt", "--source", "synthetic");

        Assert.Equal(EdgeVision.Cli.EdgeVisionCommand.UserErrorExitCode, exit);
        Assert.Contains("--ca-file is set but --tls is false.", error);
    }

    [Fact]
    public async Task AnUnreachableBrokerEndsTheRunWithItsAddressAndExitCodeFour()
    {
        var port = LoopbackPort.Free();

        var (exit, _, error) = await BenchmarkTestKit.RunAsync("benchmark", "--cluster", "--broker", $"127.0.0.1:{port}", "--source", "synthetic", "--max-frames", "8");

        Assert.Equal(BrokerUnavailableException.ExitCode, exit);
        Assert.Contains($"127.0.0.1:{port}", error);
        Assert.StartsWith("error: Cannot use the MQTT broker", error);
    }
}

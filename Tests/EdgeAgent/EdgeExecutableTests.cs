using System.Globalization;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Testing;
using EdgeVision.Tests.Edge;
using EdgeVision.Tests.Edge.Publishing;
using Microsoft.Extensions.Hosting;

namespace EdgeVision.Tests.EdgeAgent;

/// <summary>The agent executable itself (EdgeVision.EdgeAgent.dll) run as a process against mosquitto, configured from its command line.</summary>
[Trait("Category", "EndToEnd")]
public sealed class EdgeExecutableTests(TestVideos videos) : IClassFixture<TestVideos>
{
    [Theory]
    [InlineData("--Edge:Video:Fps", "0", "Invalid configuration: Edge:Video:Fps must be greater than 0")]
    [InlineData("--Edge:Video:Fsp", "10", "Invalid configuration: Edge:Video:Fsp is not a setting: did you mean Edge:Video:Fps?")]
    [InlineData("--Video:Fps", "10", "Invalid configuration: Video:Fps has moved to Edge:Video:Fps.")]
    public async Task AnInvalidSettingEndsTheAgentWithExitCode2AndTheKeyOnStandardError(string key, string value, string message)
    {
        using var agent = AgentProcess.Start(key, value);

        var (exitCode, log) = await agent.ExitAsync(EdgeTestKit.ProcessStartPatience);

        Assert.Equal(HostRunExtensions.InvalidConfigurationExitCode, exitCode);
        Assert.Contains(message, log);
    }

    [Fact]
    public async Task InvalidSettingsInSeveralSectionsEndTheAgentWithExitCode2AndEveryKeyOnStandardError()
    {
        using var agent = AgentProcess.Start("--Edge:Video:Fps", "0", "--Edge:Mqtt:Port", "0", "--Edge:JpegQuality", "0");

        var (exitCode, log) = await agent.ExitAsync(EdgeTestKit.ProcessStartPatience);

        Assert.Equal(HostRunExtensions.InvalidConfigurationExitCode, exitCode);
        Assert.Contains("Edge:Video:Fps must be greater than 0", log);
        Assert.Contains("Edge:Mqtt:Port must be between 1 and 65535", log);
        Assert.Contains("Edge:JpegQuality must be between 1 and 100", log);
        Assert.DoesNotContain("Unhandled exception", log);
    }

    [Fact]
    public async Task LastWillMarksTheCameraOfflineWhenTheAgentProcessIsKilled()
    {
        await using var mosquitto = await MosquittoBroker.StartNewAsync(cancellationToken: TestContext.Current.CancellationToken);
        await using var recorder = await TopicRecorder.StartAsync(mosquitto.Port, false, "edgevision/plant-7/door-2/#");
        using var agent = AgentProcess.Start(
            "--source", videos.Mp4H264, "--loop", "true", "--site", "plant-7", "--camera", "door-2",
            "--broker", $"127.0.0.1:{mosquitto.Port.ToString(CultureInfo.InvariantCulture)}",
            "--Edge:Video:Fps", "10", "--Edge:Video:SequenceLength", "4", "--width", "32", "--height", "32");
        // The first sequence needs a fresh process (JIT, OpenCV, the first decode, the MQTT connect): the only wait here
        // that gets the process-start patience, and it ends at once if the agent exits.
        await agent.WaitWhileRunningAsync(
            recorder.WaitUntilAsync(all => all.Any(m => m.Topic.EndsWith("/sequences", StringComparison.Ordinal)), EdgeTestKit.ProcessStartPatience),
            "its first sequence");
        var sequence = TopicRecorder.Decode(recorder.All.First(m => m.Topic.EndsWith("/sequences", StringComparison.Ordinal)).Payload);
        Assert.Equal(("plant-7", "door-2", 32, 32, 4), (sequence.SiteId, sequence.CameraId, sequence.Width, sequence.Height, sequence.FrameCount));
        var online = SequencePublishingTests.Status(recorder.All.First(m => m.Topic == "edgevision/plant-7/door-2/status").Payload);
        Assert.Equal(CameraState.Online, online.State);

        // The broker sends the will as soon as the killed process's socket closes: the ordinary patience.
        agent.Kill();
        await recorder.WaitUntilAsync(all => StatusesOf(all).Any(s => s.State == CameraState.Offline));

        var offline = StatusesOf(recorder.All).Last();
        Assert.Equal((CameraState.Offline, "connection lost", "door-2"), (offline.State, offline.Reason, offline.Camera));
    }

    private static IEnumerable<CameraStatus> StatusesOf(IEnumerable<TopicRecorder.Received> messages) =>
        messages.Where(m => m.Topic.EndsWith("/status", StringComparison.Ordinal)).Select(m => SequencePublishingTests.Status(m.Payload));
}

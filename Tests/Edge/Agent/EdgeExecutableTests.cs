using System.Diagnostics;
using System.Globalization;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Tests.Edge.Publishing;

namespace EdgeVision.Tests.Edge.Agent;

/// <summary>The agent executable itself (EdgeVision.Edge.dll) run as a process against mosquitto, configured from its command line.</summary>
[Trait("Category", "EndToEnd")]
public sealed class EdgeExecutableTests(TestVideos videos) : IClassFixture<TestVideos>
{
    [Fact]
    public async Task LastWillMarksTheCameraOfflineWhenTheAgentProcessIsKilled()
    {
        await using var mosquitto = await MosquittoBroker.StartNewAsync();
        await using var recorder = await TopicRecorder.StartAsync(mosquitto.Port, false, "edgevision/plant-7/door-2/#");
        using var agent = StartAgent(
            "--source", videos.Mp4H264, "--loop", "true", "--site", "plant-7", "--camera", "door-2",
            "--broker", $"127.0.0.1:{mosquitto.Port.ToString(CultureInfo.InvariantCulture)}",
            "--Video:Fps", "10", "--Video:SequenceLength", "4", "--width", "32", "--height", "32");
        try
        {
            await recorder.WaitUntilAsync(all => all.Any(m => m.Topic.EndsWith("/sequences", StringComparison.Ordinal)));
            var sequence = TopicRecorder.Decode(recorder.All.First(m => m.Topic.EndsWith("/sequences", StringComparison.Ordinal)).Payload);
            Assert.Equal(("plant-7", "door-2", 32, 32, 4), (sequence.SiteId, sequence.CameraId, sequence.Width, sequence.Height, sequence.FrameCount));
            var online = SequencePublishingTests.Status(recorder.All.First(m => m.Topic == "edgevision/plant-7/door-2/status").Payload);
            Assert.Equal(CameraState.Online, online.State);

            agent.Kill(entireProcessTree: true);
            await recorder.WaitUntilAsync(all => StatusesOf(all).Any(s => s.State == CameraState.Offline));

            var offline = StatusesOf(recorder.All).Last();
            Assert.Equal((CameraState.Offline, "connection lost", "door-2"), (offline.State, offline.Reason, offline.Camera));
        }
        finally
        {
            if (!agent.HasExited)
            {
                agent.Kill(entireProcessTree: true);
            }
        }
    }

    private static IEnumerable<CameraStatus> StatusesOf(IEnumerable<TopicRecorder.Received> messages) =>
        messages.Where(m => m.Topic.EndsWith("/status", StringComparison.Ordinal)).Select(m => SequencePublishingTests.Status(m.Payload));

    /// <summary>Runs the built agent (the same configuration as this test assembly) from its own folder, so its appsettings.json applies.</summary>
    internal static Process StartAgent(params string[] args)
    {
        var dll = AgentAssembly();
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args.Concat(["--urls", "http://127.0.0.1:0"]))
        {
            start.ArgumentList.Add(arg);
        }

        var process = Process.Start(start) ?? throw new InvalidOperationException("The agent did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }

    private static string AgentAssembly()
    {
        var here = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory));
        var configuration = here.Parent?.Name ?? "Debug";
        for (var dir = here; dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeVision.sln")))
            {
                var dll = Path.Combine(dir.FullName, "Edge", "bin", configuration, "net10.0", "EdgeVision.Edge.dll");
                return File.Exists(dll) ? dll : throw new FileNotFoundException("Build the Edge project first.", dll);
            }
        }

        throw new DirectoryNotFoundException($"No EdgeVision.sln above {AppContext.BaseDirectory}.");
    }
}

using System.Diagnostics.Metrics;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Edge.Publishing;
using EdgeVision.Tests.EdgeAgent;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace EdgeVision.Tests.Edge.Publishing;

/// <summary>The agent publishing to the embedded (in-process MQTTnet) broker.</summary>
[Trait("Category", "EndToEnd")]
public sealed class SequencePublishingTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    [Fact]
    public async Task EverySequenceArrivesDecodableOnTheCameraTopicAndIsCountedAsPublished()
    {
        await using var recorder = await TopicRecorder.StartAsync(broker.Broker.Port, false, AgentHost.Topic("sequences"));
        await using var agent = AgentHost.Create(broker.Broker.Port, AgentHost.Generator(frames: 40), new Dictionary<string, string?> { ["Edge:Format"] = "Jpeg" });
        var meters = agent.Host.Services.GetRequiredService<IMeterFactory>();
        using var published = new MetricCollector<long>(meters, "EdgeVision.Edge", PublisherInstruments.PublishedName);
        using var latency = new MetricCollector<double>(meters, "EdgeVision.Edge", PublisherInstruments.DurationName);

        var stopping = agent.WhenStoppingAsync();
        await agent.StartAsync();
        await stopping;
        await agent.StopAsync();
        await recorder.WaitUntilAsync(all => all.Count >= 10);

        var sequences = recorder.Sequences(AgentHost.Topic("sequences"));
        Assert.Equal(Enumerable.Range(0, 10).Select(i => (long)i), sequences.Select(s => s.SequenceNumber));
        Assert.All(sequences, s =>
        {
            Assert.Equal((AgentHost.Site, AgentHost.Camera, 16, 16, PixelFormat.Jpeg, 4), (s.SiteId, s.CameraId, s.Width, s.Height, s.PixelFormat, s.Frames.Length));
            Assert.Equal(85, s.Preprocessing.JpegQuality);
            Assert.Equal(new NominalSettings(16, 16, 0), s.Preprocessing.Nominal);
            // Stamped when handed to the broker, on the clock that stamped the frames.
            Assert.NotNull(s.PublishedAt);
            Assert.True(s.PublishedAt >= s.CaptureTime(s.FrameCount - 1), $"published {s.PublishedAt:O}, captured {s.CaptureTime(s.FrameCount - 1):O}");
        });
        Assert.Equal([0, 1, 2, 3], sequences[0].FrameIndices);
        var stats = agent.Agent.GetStats();
        Assert.Equal((40, 10, 10, 0, 0), (stats.FramesCaptured, stats.SequencesAssembled, stats.SequencesPublished, stats.TotalDropped, stats.Unaccounted));
        Assert.Equal(10, published.GetMeasurementSnapshot().Sum(m => m.Value));
        Assert.Equal(10, latency.GetMeasurementSnapshot().Count);
        Assert.All(latency.GetMeasurementSnapshot(), m => Assert.InRange(m.Value, 0, EdgeTestKit.Patience.TotalSeconds));
    }

    [Fact]
    public async Task GracefulShutdownDeliversEverySequenceAssembledThenLeavesARetainedOfflineStatus()
    {
        await using var recorder = await TopicRecorder.StartAsync(broker.Broker.Port, false, AgentHost.Topic("sequences"), AgentHost.Topic("status"));
        await using var agent = AgentHost.Create(broker.Broker.Port, AgentHost.Generator(frames: long.MaxValue, fps: 200));

        await agent.StartAsync();
        await recorder.WaitUntilAsync(all => all.Any(m => m.Topic == AgentHost.Topic("sequences")));
        await agent.StopAsync();

        var stats = agent.Agent.GetStats();
        Assert.Equal((0, 0, 0, 0), (stats.TotalDropped, stats.InStream, stats.Pending, stats.Unaccounted));
        Assert.Equal(stats.SequencesAssembled, stats.SequencesPublished);
        Assert.True(stats.SequencesAssembled >= 1);
        await recorder.WaitUntilAsync(all => all.Count(m => m.Topic == AgentHost.Topic("sequences")) >= stats.SequencesPublished);
        var numbers = recorder.Sequences(AgentHost.Topic("sequences")).Select(s => s.SequenceNumber).Distinct().Order();
        Assert.Equal(Enumerable.Range(0, (int)stats.SequencesAssembled).Select(i => (long)i), numbers);

        // Live statuses only: the broker is shared by this class, so another test's retained status may come first.
        var statuses = recorder.All.Where(m => m.Topic == AgentHost.Topic("status") && !m.Retained).Select(m => Status(m.Payload)).ToList();
        Assert.Equal(CameraState.Online, statuses[0].State);
        Assert.All(statuses, s => Assert.Equal(new NominalSettings(16, 16, 0), s.Nominal));
        Assert.Equal((CameraState.Offline, "shutdown"), (statuses[^1].State, statuses[^1].Reason));

        // Retained: a subscriber arriving later learns the camera is offline and why.
        await using var late = await TopicRecorder.StartAsync(broker.Broker.Port, false, AgentHost.Topic("status"));
        await late.WaitUntilAsync(all => all.Count > 0);
        var retained = late.All[0];
        Assert.True(retained.Retained);
        Assert.Equal((CameraState.Offline, "shutdown", AgentHost.Camera), (Status(retained.Payload).State, Status(retained.Payload).Reason, Status(retained.Payload).Camera));
    }

    [Fact]
    public async Task OnlineStatusIsRetainedWhileConnected()
    {
        await using var agent = AgentHost.Create(broker.Broker.Port, AgentHost.Generator(frames: long.MaxValue));
        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.Publisher.ReadyChanged += isReady => { if (isReady) ready.TrySetResult(); };

        await agent.StartAsync();
        await ready.Task.WaitAsync(EdgeTestKit.Patience, TestContext.Current.CancellationToken);
        await using var late = await TopicRecorder.StartAsync(broker.Broker.Port, false, AgentHost.Topic("status"));
        await late.WaitUntilAsync(all => all.Count > 0);

        var status = Status(late.All[0].Payload);
        Assert.True(late.All[0].Retained);
        Assert.Equal((AgentHost.Site, AgentHost.Camera, CameraState.Online), (status.Site, status.Camera, status.State));
        Assert.False(string.IsNullOrEmpty(status.AgentVersion));
    }

    internal static CameraStatus Status(byte[] payload)
    {
        var decoded = JsonMessageCodec.TryDecodeCameraStatus(payload);
        Assert.True(decoded.IsSuccess, decoded.ToString());
        return decoded.Value;
    }
}

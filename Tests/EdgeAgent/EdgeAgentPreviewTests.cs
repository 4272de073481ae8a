using EdgeVision.Tests.Edge.Publishing;
using EdgeVision.Tests.Fixtures;
using OpenCvSharp;

namespace EdgeVision.Tests.EdgeAgent;

/// <summary>The agent's preview through a real broker: off unless enabled; enabled, a new thumbnail of what the camera sees each interval, retained.</summary>
public sealed class EdgeAgentPreviewTests
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task AnEnabledAgentPublishesChangingRetainedThumbnailsOfTheConfiguredWidth()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        await using var recorder = await TopicRecorder.StartAsync(broker.Port, filters: AgentHost.Topic("preview"));
        await using var agent = AgentHost.Create(broker.Port, null, new Dictionary<string, string?>
        {
            ["Edge:Source"] = "synthetic:width=96,height=64",
            ["Edge:Preview:Enabled"] = "true",
            ["Edge:Preview:IntervalSeconds"] = "0.2",
            ["Edge:Preview:Width"] = "48",
        });
        await agent.StartAsync();

        // The synthetic scene moves: two previews with different pictures.
        await recorder.WaitUntilAsync(received => received.Select(r => Convert.ToBase64String(r.Payload)).Distinct().Count() >= 2, EdgeTestKitPatience);
        foreach (var preview in recorder.All)
        {
            using var image = Cv2.ImDecode(preview.Payload, ImreadModes.Color);
            Assert.Equal(new Size(48, 32), image.Size());
        }

        await using var later = await TopicRecorder.StartAsync(broker.Port, filters: AgentHost.Topic("preview"));
        await later.WaitUntilAsync(received => received.Count >= 1, EdgeTestKitPatience);
        Assert.True(later.All[0].Retained);
    }

    [Fact]
    public async Task TheAgentPublishesNoPreviewUnlessEnabled()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        await using var recorder = await TopicRecorder.StartAsync(broker.Port, filters: [AgentHost.Topic("preview"), AgentHost.Topic("sequences")]);
        await using var agent = AgentHost.Create(broker.Port, null, new Dictionary<string, string?> { ["Edge:Source"] = "synthetic:width=96,height=64" });
        await agent.StartAsync();

        // Well past several preview intervals' worth of sequences, not one preview.
        await recorder.WaitUntilAsync(received => received.Count(r => r.Topic == AgentHost.Topic("sequences")) >= 40, EdgeTestKitPatience);
        Assert.DoesNotContain(recorder.All, r => r.Topic == AgentHost.Topic("preview"));
    }

    private static TimeSpan EdgeTestKitPatience => Edge.EdgeTestKit.Patience;
}

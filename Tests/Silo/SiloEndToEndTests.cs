using System.Collections.Concurrent;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Silo.Grains;
using EdgeVision.Silo.Results;
using EdgeVision.Synthetic;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// Sequences published to the real broker, ingested by a real silo, classified by the shipped conv3d checkpoint,
/// and read back as JSON from the results topics with the wire decoder.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(SingleSiloCollection.Name)]
public sealed class SiloEndToEndTests(SingleSiloFixture fixture)
{
    private const string Site = SingleSiloFixture.Site;
    private static readonly SyntheticClipGenerator Clips = new(32, 32, 8);

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task SequencesFromSeveralCamerasEndAsJsonResultsOnEachCamerasResultsTopicInSequenceOrder()
    {
        string[] cameras = ["multi-a", "multi-b", "multi-c"];
        const int perCamera = 4;
        await using var results = await ResultRecorder.StartAsync(fixture.Broker, _cancellation);
        await using var publisher = await SequencePublisher.ConnectAsync(fixture.Broker, _cancellation);
        var calledBack = new ConcurrentQueue<InferenceResult>();
        using var callback = fixture.Silos.Service<ResultCallbacks>(0).Add(calledBack.Enqueue);

        var now = DateTimeOffset.UtcNow;
        for (var n = 0; n < perCamera; n++)
        {
            for (var c = 0; c < cameras.Length; c++)
            {
                var clip = Clips.Generate(seed: (c * 100) + n);
                await publisher.PublishAsync(TestSequences.FromClip(clip, Site, cameras[c], n, now, PixelFormat.Jpeg), _cancellation);
            }
        }

        await results.WaitUntilAsync(all => cameras.All(c => all.Count(r => r.Camera == c) >= perCamera), _cancellation);

        Assert.Empty(results.Undecodable);
        foreach (var camera in cameras)
        {
            var mine = results.For(Site, camera);
            Assert.Equal([0L, 1, 2, 3], mine.Select(r => r.SequenceNumber));
            Assert.All(mine, r =>
            {
                Assert.Equal("conv3d", r.ModelName);
                Assert.False(string.IsNullOrEmpty(r.ModelVersion));
                Assert.Equal(5, r.TopK.Length);
                Assert.All(r.TopK, label => Assert.Contains(label.Label, ActionClasses.Names));
                Assert.Equal((32, 32), (r.AdaptiveState.Width, r.AdaptiveState.Height));
                Assert.InRange(r.AdaptiveState.BatchSize, 1, 4);
                Assert.Equal(r.SequenceNumber * 8, r.FirstFrameIndex);
                Assert.Equal((r.SequenceNumber * 8) + 7, r.LastFrameIndex);
                Assert.True(r.EndToEndLatencyMs >= r.InferenceLatencyMs, $"end to end {r.EndToEndLatencyMs} ms < inference {r.InferenceLatencyMs} ms");
            });

            var stats = await fixture.Silos.Client.GetGrain<ICameraGrain>(CameraKey.Format(Site, camera)).GetStats();
            Assert.Equal(perCamera, stats.TotalSequencesProcessed);
            Assert.Equal(perCamera * 8, stats.TotalFramesProcessed);
            Assert.Equal(perCamera, stats.EndToEndLatencyMs.Count);
            Assert.Equal(0, stats.PendingSequences);
            Assert.Equal(perCamera - 1, stats.LastSequenceNumber);
        }

        // The in-process callbacks ran, in sequence order, before the MQTT results could arrive.
        Assert.All(cameras, camera => Assert.Equal([0L, 1, 2, 3], calledBack.Where(r => r.Camera == camera).Select(r => r.SequenceNumber)));
    }

    [Fact]
    public async Task ResultsSayTheTrueLabelOfSequencesWhoseFramesCarriedGroundTruthAndNothingForOthers()
    {
        const string camera = "truth-a";
        await using var results = await ResultRecorder.StartAsync(fixture.Broker, _cancellation);
        await using var publisher = await SequencePublisher.ConnectAsync(fixture.Broker, _cancellation);
        var clip = Clips.Generate(ActionClass.Grow, seed: 11);
        var now = DateTimeOffset.UtcNow;
        var labelled = TestSequences.FromClip(clip, Site, camera, 0, now, PixelFormat.Jpeg) with
        {
            // Five frames of one action and three of the next: the label of most frames.
            FrameLabels = ["grow", "grow", "grow", "grow", "grow", "shrink", "shrink", "shrink"],
        };

        await publisher.PublishAsync(labelled, _cancellation);
        await publisher.PublishAsync(TestSequences.FromClip(clip, Site, camera, 1, now.AddMilliseconds(1), PixelFormat.Jpeg), _cancellation);
        await results.WaitUntilAsync(all => all.Count(r => r.Camera == camera) >= 2, _cancellation);

        Assert.Empty(results.Undecodable);
        var mine = results.For(Site, camera);
        Assert.Equal(new (string?, long)[] { ("grow", 0), (null, 1) }, mine.Select(r => (r.TrueLabel, r.SequenceNumber)));
    }
}

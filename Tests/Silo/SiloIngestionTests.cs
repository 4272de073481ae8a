using System.Diagnostics.Metrics;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire;
using EdgeVision.Silo.Grains;
using EdgeVision.Silo.Metrics;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace EdgeVision.Tests.Silo;

/// <summary>What ingestion and the camera grain do with input that must not become a result (or not twice).</summary>
[Trait("Category", "EndToEnd")]
[Collection(SingleSiloCollection.Name)]
public sealed class SiloIngestionTests(SingleSiloFixture fixture)
{
    private const string Site = SingleSiloFixture.Site;

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ADuplicateSequenceGivesOneResultAndIsCountedAsADuplicate()
    {
        const string camera = "dup";
        using var sequences = Collector(SiloInstruments.SequencesName);
        await using var results = await ResultRecorder.StartAsync(fixture.Broker, _cancellation);
        await using var publisher = await SequencePublisher.ConnectAsync(fixture.Broker, _cancellation);
        var now = DateTimeOffset.UtcNow;
        var first = TestSequences.Create(Site, camera, 0, now);

        await publisher.PublishAsync(first, _cancellation);
        await publisher.PublishAsync(first, _cancellation);
        await publisher.PublishAsync(TestSequences.Create(Site, camera, 1, now.AddMilliseconds(266)), _cancellation);
        // One camera's sequences reach its grain in order and its results leave in order: once 1 is out, both copies of 0 were judged.
        await results.WaitUntilAsync(all => all.Any(r => r.Camera == camera && r.SequenceNumber == 1), _cancellation);

        Assert.Equal([0L, 1], results.For(Site, camera).Select(r => r.SequenceNumber));
        Assert.Equal(1, Sum(sequences, camera, "outcome", SiloInstruments.OutcomeDuplicate));
        Assert.Equal(2, Sum(sequences, camera, "outcome", SiloInstruments.OutcomeAccepted));
    }

    [Fact]
    public async Task FuzzedMalformedPayloadsAreRejectedAndCountedWhileTheSiloKeepsServing()
    {
        const string camera = "fuzz";
        using var rejected = Collector(SiloInstruments.RejectedName);
        await using var results = await ResultRecorder.StartAsync(fixture.Broker, _cancellation);
        await using var publisher = await SequencePublisher.ConnectAsync(fixture.Broker, _cancellation);
        var topic = MqttTopics.Build(Site, camera, TopicKind.Sequences);
        var valid = SequenceCodec.Encode(TestSequences.Create(Site, camera, 5, DateTimeOffset.UtcNow));
        var random = new Random(20261125);
        var sent = 0;

        for (var i = 0; i < 25; i++)
        {
            var garbage = new byte[random.Next(0, 4096)];
            random.NextBytes(garbage);
            await publisher.PublishRawAsync(topic, garbage, _cancellation);
            sent++;
        }

        for (var i = 0; i < 25; i++)
        {
            await publisher.PublishRawAsync(topic, valid[..random.Next(1, valid.Length - 1)], _cancellation);
            sent++;
        }

        await publisher.PublishRawAsync(MqttTopics.Build(Site, "someone-else", TopicKind.Sequences), valid, _cancellation);
        await publisher.PublishRawAsync("edgevision/not an id/cam/sequences", valid, _cancellation);
        var oversized = new byte[SingleSiloFixture.MaxMessageBytes + 1];
        await publisher.PublishRawAsync(topic, oversized, _cancellation);
        sent += 3;
        await publisher.PublishRawAsync(topic, valid, _cancellation);
        await results.WaitUntilAsync(all => all.Any(r => r.Camera == camera), _cancellation);

        var result = Assert.Single(results.For(Site, camera));
        Assert.Equal(5, result.SequenceNumber);
        var byReason = rejected.GetMeasurementSnapshot().GroupBy(m => (string)m.Tags["reason"]!).ToDictionary(g => g.Key, g => g.Sum(m => m.Value));
        Assert.Equal(sent, byReason.Values.Sum());
        Assert.Equal(1, byReason.GetValueOrDefault("topic_mismatch"));
        Assert.Equal(1, byReason.GetValueOrDefault("invalid_topic"));
        Assert.Equal(1, byReason.GetValueOrDefault("oversized"));
        Assert.True(byReason.GetValueOrDefault("malformed") > 0, string.Join(", ", byReason));
    }

    [Fact]
    public async Task ASequenceOlderThanTheMaximumLatencyIsDroppedAsStaleCountedAndNoticedWithoutAResult()
    {
        const string camera = "stale";
        using var dropped = Collector(SiloInstruments.DroppedName);
        await using var results = await ResultRecorder.StartAsync(fixture.Broker, _cancellation);
        await using var publisher = await SequencePublisher.ConnectAsync(fixture.Broker, _cancellation);
        var now = DateTimeOffset.UtcNow;

        var stale = TestSequences.Create(Site, camera, 0, now.AddMinutes(-2));
        await publisher.PublishAsync(stale, _cancellation);
        await publisher.PublishAsync(TestSequences.Create(Site, camera, 1, now), _cancellation);
        await results.WaitUntilAsync(all => all.Any(r => r.Camera == camera), _cancellation);
        await results.WaitUntilDropsAsync(all => all.Any(d => d.Camera == camera), _cancellation);

        Assert.Equal([1L], results.For(Site, camera).Select(r => r.SequenceNumber));
        // The edge learns the outcome: one notice, for the stale sequence, naming the reason and the frames it carried.
        var notice = Assert.Single(results.Drops, d => d.Camera == camera);
        Assert.Equal((Site, 0L, stale.FrameIndices[0], stale.FrameIndices[^1], stale.FrameCount, "stale"),
            (notice.Site, notice.SequenceNumber, notice.FirstFrameIndex, notice.LastFrameIndex, notice.Frames, notice.Reason));
        Assert.False(string.IsNullOrEmpty(notice.Silo));
        Assert.Equal(1, Sum(dropped, camera, "reason", DropReason.Stale.Tag()));
        var stats = await fixture.Silos.Client.GetGrain<ICameraGrain>(CameraKey.Format(Site, camera)).GetStats();
        Assert.Equal(1, stats.DropsByReason[DropReason.Stale]);
        Assert.Equal(1, stats.TotalSequencesProcessed);
    }

    private MetricCollector<long> Collector(string instrument) =>
        new(fixture.Silos.Service<IMeterFactory>(0), SiloInstruments.MeterName, instrument);

    private static long Sum(MetricCollector<long> collector, string camera, string tag, string value) =>
        collector.GetMeasurementSnapshot()
            .Where(m => (string?)m.Tags["camera"] == CameraKey.Format(Site, camera) && (string?)m.Tags[tag] == value)
            .Sum(m => m.Value);
}

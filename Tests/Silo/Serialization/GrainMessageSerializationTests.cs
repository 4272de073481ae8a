using System.Collections.Immutable;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Inference.Monitoring;
using EdgeVision.Silo.Grains;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace EdgeVision.Tests.Silo.Serialization;

/// <summary>Grain calls carry these between silos, so Orleans' serializers must carry them intact.</summary>
public sealed class GrainMessageSerializationTests(OrleansSerializerFixture fixture) : IClassFixture<OrleansSerializerFixture>
{
    private readonly Serializer _serializer = fixture.Services.GetRequiredService<Serializer>();

    [Fact]
    public void IngestOutcomeSurvivesTheWire()
    {
        var outcome = IngestOutcome.Dropped(DropReason.Stale, "captured 250 ms ago, max latency 200 ms");

        Assert.Equal(outcome, RoundTrip(outcome));
    }

    [Fact]
    public void CameraStatsKeepDropsByReason()
    {
        var stats = new CameraStats("site", "cam", 100, new LatencySummary(3, 10, 9, 14, 15, 15), LatencySummary.Empty,
            2.5, 40, 1, 42, 672, ImmutableDictionary<DropReason, long>.Empty.Add(DropReason.Stale, 3), 41);

        var copy = RoundTrip(stats);

        Assert.Equal(3, copy.DropsByReason[DropReason.Stale]);
        Assert.Equal(stats.EndToEndLatencyMs, copy.EndToEndLatencyMs);
        Assert.Equal(stats.InferenceLatencyMs, copy.InferenceLatencyMs);
        Assert.Equal((42L, 672L, 41L), (copy.TotalSequencesProcessed, copy.TotalFramesProcessed, copy.LastSequenceNumber!.Value));
    }

    private T RoundTrip<T>(T value) where T : notnull => _serializer.Deserialize<T>(_serializer.SerializeToArray(value))!;
}

using EdgeVision.Inference.Serving;

namespace EdgeVision.Tests.Inference.Serving;

public sealed class SequenceTimesTests
{
    private static readonly DateTimeOffset Capture = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void SplitsTheLatencyIntoPartsThatAddUpToIt()
    {
        var times = new SequenceTimes(Capture, Capture.AddMilliseconds(20), Capture.AddMilliseconds(50), Capture.AddMilliseconds(53));

        var (endToEnd, parts) = times.Split(Ms(7), Ms(40), Ms(30), Capture.AddMilliseconds(140));

        Assert.Equal(Ms(140), endToEnd);
        Assert.Equal((20.0, 30.0, 3.0, 7.0, 40.0, 30.0), (parts.EdgeMs!.Value, parts.TransportMs, parts.IngestMs, parts.DecodeMs, parts.QueueMs, parts.ForwardMs));
        Assert.Equal(10, parts.OtherMs, precision: 9);
        Assert.Equal(140, parts.TotalMs, precision: 9);
        Assert.False(parts.ClockSkew);
    }

    [Fact]
    public void AnEdgeClockAheadOfTheSilosClampsTransportToZeroAndSaysSo()
    {
        // The edge's clock runs 100 ms ahead: by the silo's clock the sequence arrived 80 ms before the edge published it.
        var times = new SequenceTimes(Capture, Capture.AddMilliseconds(20), Capture.AddMilliseconds(-60), Capture.AddMilliseconds(-58));

        var (endToEnd, parts) = times.Split(Ms(5), Ms(0), Ms(30), Capture.AddMilliseconds(-20));

        Assert.Equal(Ms(-20), endToEnd);
        Assert.Equal((20.0, 0.0, 30.0), (parts.EdgeMs!.Value, parts.TransportMs, parts.ForwardMs));
        Assert.True(parts.ClockSkew);
    }

    [Fact]
    public void WithoutAPublishTimeTransportHoldsTheEdgesPartAndTheEdgeIsUnknown()
    {
        var times = new SequenceTimes(Capture, null, Capture.AddMilliseconds(50), Capture.AddMilliseconds(50));

        var (_, parts) = times.Split(Ms(0), Ms(0), Ms(10), Capture.AddMilliseconds(60));

        Assert.Null(parts.EdgeMs);
        Assert.Equal(50, parts.TransportMs, precision: 9);
    }

    [Fact]
    public void ARunWithoutTransportHasNoTransportAndNoClockSkewWhateverTheInstants()
    {
        // Published, received and accepted at one instant, as a run that serves its own frames submits them.
        var rounding = new Random(7);
        for (var i = 0; i < 1000; i++)
        {
            var submitted = Capture.AddTicks(rounding.Next(1, 10_000_000));
            var times = new SequenceTimes(Capture, submitted, submitted, submitted);

            var (_, parts) = times.Split(TimeSpan.FromTicks(rounding.Next(0, 1000)), TimeSpan.FromTicks(rounding.Next(0, 1000)),
                TimeSpan.FromTicks(rounding.Next(0, 1000)), submitted.AddTicks(rounding.Next(3000, 10_000_000)));

            Assert.Equal(0, parts.TransportMs);
            Assert.False(parts.ClockSkew, $"captured {Capture:O}, submitted {submitted:O}: flagged as clock skew");
        }
    }

    private static TimeSpan Ms(double ms) => TimeSpan.FromMilliseconds(ms);
}

using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Encoding;
using EdgeVision.Edge.Publishing;
using EdgeVision.Edge.Sources;
using EdgeVision.Edge.Streaming;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Tests.Edge.Publishing;

/// <summary>
/// <see cref="SequenceHandOver"/> between a real stream and a real publisher: every sequence the stream assembles ends
/// published or counted with a reason, whether the broker is there or not.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class SequenceHandOverTests(BrokerFixture broker) : IClassFixture<BrokerFixture>
{
    private const string Site = "site-1";
    private const string Camera = "handover";

    private static readonly VideoConfig Video = new() { TargetWidth = 16, TargetHeight = 16, Fps = null, SequenceLength = 4 };

    [Fact]
    public async Task EverySequenceGoesToTheBrokerInOrderAndTheHandOverEndsWithTheStream()
    {
        var topic = new EdgeIdentity(Site, Camera, "test").SequencesTopic;
        await using var recorder = await TopicRecorder.StartAsync(broker.Broker.Port, false, topic);
        await using var camera = NewCamera(broker.Broker.Port, Frames(40), queue: 256);
        var taken = new ConcurrentQueue<long>();
        camera.HandOver.Taken += sequence => taken.Enqueue(sequence.SequenceNumber);
        camera.Start();

        var ended = await camera.HandOver.RunAsync(CancellationToken.None, CancellationToken.None);
        using var patience = new CancellationTokenSource(EdgeTestKit.Patience);
        var delivered = await camera.HandOver.DeliverRemainingAsync(patience.Token);
        await recorder.WaitUntilAsync(all => all.Count >= 10);

        Assert.True(ended);
        Assert.True(delivered);
        Assert.Equal(Numbers(0, 10), taken);
        Assert.Equal(Numbers(0, 10), recorder.Sequences(topic).Select(s => s.SequenceNumber));
        Assert.All(recorder.Sequences(topic), s => Assert.Equal((Site, Camera, 4), (s.SiteId, s.CameraId, s.Frames.Length)));
        Assert.Equal((10L, 10L, 0L, 0), (camera.Stream.GetInfo().SequencesAssembled, camera.Publisher.Instruments.Published,
            camera.Publisher.Instruments.TotalDropped, camera.Publisher.Pending));
    }

    [Fact]
    public async Task WithTheBrokerAwayEverySequenceAssembledEndsPublishedOrCountedOnceFinished()
    {
        await using var camera = NewCamera(ClosedPort(), Frames(long.MaxValue), queue: 2);
        var taken = new ConcurrentQueue<long>();
        var dropped = new ConcurrentQueue<(long Number, DropReason Reason)>();
        using var stop = new CancellationTokenSource();
        camera.HandOver.Taken += sequence =>
        {
            taken.Enqueue(sequence.SequenceNumber);
            if (taken.Count == 6)
            {
                stop.Cancel(); // While the sixth is in hand: it is still queued, and the hand-over ends at its next wait.
            }
        };
        camera.Publisher.SequenceDropped += (number, reason) => dropped.Enqueue((number, reason));
        camera.Start();

        var ended = await camera.HandOver.RunAsync(stop.Token, CancellationToken.None);
        var delivered = await camera.HandOver.FinishAsync(new CancellationToken(canceled: true));
        using var patience = new CancellationTokenSource(EdgeTestKit.Patience);
        await camera.Publisher.StopAsync(patience.Token);

        Assert.False(ended);
        Assert.False(delivered);
        // Nothing was published: every sequence taken is reported dropped, once, by number; those the stream still held
        // when it stopped were never taken and are counted as shutdown.
        Assert.Equal(taken.Order(), dropped.Select(d => d.Number).Order());
        Assert.All(dropped, d => Assert.Contains(d.Reason, new[] { DropReason.OfflineQueueFull, DropReason.Shutdown }));
        var instruments = camera.Publisher.Instruments;
        var info = camera.Stream.GetInfo();
        Assert.Equal((0L, 0), (instruments.Published, camera.Publisher.Pending));
        Assert.Equal(info.SequencesAssembled, instruments.TotalDropped);
        Assert.Equal(info.SequencesAssembled - taken.Count, instruments.Dropped(DropReason.Shutdown) - dropped.Count(d => d.Reason == DropReason.Shutdown));
    }

    private static IEnumerable<long> Numbers(int from, int count) => Enumerable.Range(from, count).Select(i => (long)i);

    private static GeneratorFrameSource Frames(long count) =>
        new((index, pixels) =>
        {
            pixels.Fill((byte)(index % 251));
            return index < count;
        }, 32, 32, 200, PixelOrder.Rgb, Playback.SourceRate);

    private static HandOverCamera NewCamera(int port, IFrameSource source, int queue)
    {
        var meters = EdgeTestKit.NewMeterFactory();
        var identity = new EdgeIdentity(Site, Camera, "test") { Nominal = NominalSettings.Of(Video) };
        var options = new MqttPublisherOptions { Host = "127.0.0.1", Port = port, OfflineQueueCapacity = queue, ReconnectMinDelaySeconds = 0.05, ReconnectMaxDelaySeconds = 0.5 };
        var publisher = new MqttSequencePublisher(options, identity, new PublisherInstruments(meters, Camera), TimeProvider.System,
            NullLogger<MqttSequencePublisher>.Instance);
        var stream = new VideoStream(source, Video, meters, new VideoStreamOptions { Camera = Camera });
        var encoder = new SequenceEncoder(new SequenceEncoderOptions { Format = PixelFormat.Rgb24 }, Video);
        return new HandOverCamera(stream, publisher, new SequenceHandOver(stream, encoder, publisher, NullLogger<SequenceHandOver>.Instance));
    }

    /// <summary>A port nothing listens on: the publisher keeps trying to connect, and its queue is the offline queue.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private sealed record HandOverCamera(VideoStream Stream, MqttSequencePublisher Publisher, SequenceHandOver HandOver) : IAsyncDisposable
    {
        public void Start()
        {
            Publisher.Start();
            Stream.StartStreaming();
        }

        public async ValueTask DisposeAsync()
        {
            await Stream.DisposeAsync();
            await Publisher.DisposeAsync();
        }
    }
}

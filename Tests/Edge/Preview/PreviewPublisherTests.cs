using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Preview;
using EdgeVision.Edge.Sources;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;
using OpenCvSharp;

namespace EdgeVision.Tests.Edge.Preview;

/// <summary>The preview at the edge: one thumbnail per interval from the frames offered, its size and its bounds, on a fake clock.</summary>
public sealed class PreviewPublisherTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(TestFrames.Epoch);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MetricCollector<long> _dropped;
    private readonly MetricCollector<long> _published;
    private readonly List<byte[]> _sent = [];
    private bool _ready = true;

    public PreviewPublisherTests()
    {
        var meterFactory = _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        _dropped = new MetricCollector<long>(meterFactory, "EdgeVision.Edge", PreviewInstruments.DroppedName);
        _published = new MetricCollector<long>(meterFactory, "EdgeVision.Edge", PreviewInstruments.PublishedName);
    }

    [Fact]
    public void TakesOneFramePerIntervalFromAThirtyFpsStream()
    {
        var preview = Publisher(new PreviewOptions { Enabled = true, IntervalSeconds = 1 });

        // 2.5 s of a 30 fps camera: previews at 0 s, 1 s and 2 s, none in between.
        for (var i = 0; i < 75; i++)
        {
            using var frame = TestFrames.Live(i, _time.GetUtcNow(), 64, 48);
            preview.Observe(frame);
            _time.Advance(TimeSpan.FromSeconds(1.0 / 30));
        }

        Assert.Equal(3, _sent.Count);
        Assert.Equal(3, _published.GetMeasurementSnapshot().EvaluateAsCounter());
        Assert.Empty(_dropped.GetMeasurementSnapshot());
    }

    [Fact]
    public void TheIntervalCountsFromTheLastPreviewTaken()
    {
        var preview = Publisher(new PreviewOptions { Enabled = true, IntervalSeconds = 2 });
        Offer(preview);
        _time.Advance(TimeSpan.FromSeconds(1.9));
        Offer(preview);
        Assert.Single(_sent);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        Offer(preview);
        Assert.Equal(2, _sent.Count);
    }

    [Fact]
    public void AThumbnailIsTheConfiguredWidthWithTheFramesAspectRatioAndColours()
    {
        var preview = Publisher(new PreviewOptions { Enabled = true, Width = 160, JpegQuality = 90 });
        using (var frame = TestFrames.Halves(320, 180, PixelOrder.Rgb))
        {
            preview.Observe(frame);
        }

        using var decoded = Cv2.ImDecode(Assert.Single(_sent), ImreadModes.Color);
        Assert.Equal(new Size(160, 90), decoded.Size());
        // The left half was RGB (10, 20, 30): BGR (30, 20, 10) once decoded, whatever order the frame came in.
        var left = decoded.At<Vec3b>(45, 20);
        Assert.InRange(left.Item0, 22, 38);
        Assert.InRange(left.Item2, 2, 18);
    }

    [Fact]
    public void AFrameNarrowerThanTheWidthKeepsItsSize()
    {
        var preview = Publisher(new PreviewOptions { Enabled = true, Width = 160 });
        Offer(preview);

        using var decoded = Cv2.ImDecode(Assert.Single(_sent), ImreadModes.Color);
        Assert.Equal(new Size(64, 48), decoded.Size());
    }

    [Fact]
    public void AnOversizedThumbnailIsCountedAndNotPublished()
    {
        var preview = Publisher(new PreviewOptions { Enabled = true, Width = 320, JpegQuality = 100, MaxBytes = 1024 });
        using (var frame = Noise(320, 240))
        {
            preview.Observe(frame);
        }

        Assert.Empty(_sent);
        var dropped = Assert.Single(_dropped.GetMeasurementSnapshot());
        Assert.Equal(PreviewInstruments.Oversized, dropped.Tags["reason"]);
    }

    [Fact]
    public void APreviewDueWhileTheBrokerIsAwayIsCountedAndTheNextOneFollowsOnTime()
    {
        var preview = Publisher(new PreviewOptions { Enabled = true, IntervalSeconds = 1 });
        _ready = false;
        Offer(preview);
        Assert.Equal(PreviewInstruments.Offline, Assert.Single(_dropped.GetMeasurementSnapshot()).Tags["reason"]);

        _ready = true;
        _time.Advance(TimeSpan.FromSeconds(1));
        Offer(preview);
        Assert.Single(_sent);
    }

    [Fact]
    public void ADisabledPreviewTakesNothing()
    {
        var preview = Publisher(new PreviewOptions { Enabled = false });
        Offer(preview);
        Assert.Empty(_sent);
        Assert.Empty(_dropped.GetMeasurementSnapshot());
    }

    [Theory]
    [InlineData(nameof(PreviewOptions.IntervalSeconds))]
    [InlineData(nameof(PreviewOptions.Width))]
    [InlineData(nameof(PreviewOptions.JpegQuality))]
    [InlineData(nameof(PreviewOptions.MaxBytes))]
    public void InvalidOptionsNameTheirKey(string key)
    {
        var options = key switch
        {
            nameof(PreviewOptions.IntervalSeconds) => new PreviewOptions { IntervalSeconds = 0 },
            nameof(PreviewOptions.Width) => new PreviewOptions { Width = 4 },
            nameof(PreviewOptions.JpegQuality) => new PreviewOptions { JpegQuality = 101 },
            _ => new PreviewOptions { MaxBytes = 10 },
        };

        Assert.Contains(options.Validate(), error => error.StartsWith($"Edge:Preview:{key}", StringComparison.Ordinal));
    }

    public void Dispose()
    {
        _dropped.Dispose();
        _published.Dispose();
        _services.Dispose();
    }

    private PreviewPublisher Publisher(PreviewOptions options) =>
        new(options, () => _ready, jpeg =>
        {
            _sent.Add(jpeg);
            return Task.FromResult(true);
        }, new PreviewInstruments(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>(), "cam-1"), _time, NullLogger<PreviewPublisher>.Instance);

    private void Offer(PreviewPublisher preview)
    {
        using var frame = TestFrames.Live(0, _time.GetUtcNow(), 64, 48);
        preview.Observe(frame);
    }

    private static Frame Noise(int width, int height)
    {
        var frame = Frame.Rent(0, TestFrames.Epoch, null, width, height, PixelOrder.Bgr);
        new Random(7).NextBytes(frame.Pixels);
        return frame;
    }
}

using System.Buffers;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Dashboard;
using EdgeVision.Dashboard.Cluster;
using EdgeVision.Dashboard.Mqtt;
using EdgeVision.Dashboard.Pages;
using EdgeVision.Dashboard.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Dashboard;

/// <summary>Previews and silo statuses at the Dashboard: kept when sound, rejected and counted like any bad message when not.</summary>
public sealed class PreviewAndSiloMessageTests : IDisposable
{
    private static readonly string PreviewTopic = MqttTopics.Build(DashboardSamples.Site, "cam-1", TopicKind.Preview);

    private readonly FakeTimeProvider _time = new(DashboardSamples.Epoch);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly MetricCollector<long> _rejected;
    private readonly CameraStore _store;
    private readonly SiloStore _silos;
    private readonly MessageStats _stats = new();
    private readonly DashboardMessageHandler _handler;

    public PreviewAndSiloMessageTests()
    {
        var meterFactory = _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        _rejected = new MetricCollector<long>(meterFactory, DashboardInstruments.MeterName, DashboardInstruments.RejectedName);
        var options = Options.Create(new DashboardOptions { MaxCameras = 2, MaxSilos = 2, MaxPreviewBytes = 2048 });
        var instruments = new DashboardInstruments(meterFactory);
        _store = new CameraStore(options, _time, instruments);
        _silos = new SiloStore(options, _time);
        _handler = new DashboardMessageHandler(_store, _silos, _stats, instruments, options, _time, NullLogger<DashboardMessageHandler>.Instance);
    }

    [Fact]
    public void KeepsEachPreviewWithANewVersion()
    {
        Assert.True(Handle(PreviewTopic, DashboardSamples.Jpeg(0, 0, 255)));
        var first = _store.Preview(new CameraId(DashboardSamples.Site, "cam-1"));
        Assert.True(Handle(PreviewTopic, DashboardSamples.Jpeg(255, 0, 0)));
        var second = _store.Preview(new CameraId(DashboardSamples.Site, "cam-1"));

        Assert.NotNull(first);
        Assert.NotNull(second);
        Assert.NotEqual(first.Version, second.Version);
        Assert.Equal(DashboardSamples.Jpeg(255, 0, 0), second.Jpeg);
        Assert.Equal(second.Version, Assert.Single(_store.Snapshot()).PreviewVersion);
        Assert.Equal(2, _stats.Snapshot().Previews);
    }

    [Fact]
    public void APreviewVersionNamesOnePictureEvenAfterAClearOrARestart()
    {
        Assert.True(Handle(PreviewTopic, DashboardSamples.Jpeg(0, 0, 255)));
        var first = _store.Preview(new CameraId(DashboardSamples.Site, "cam-1"))!.Version;
        Assert.True(Handle(PreviewTopic, []));
        Assert.True(Handle(PreviewTopic, DashboardSamples.Jpeg(255, 0, 0)));
        Assert.True(_store.Preview(new CameraId(DashboardSamples.Site, "cam-1"))!.Version > first);

        // A Dashboard started later numbers from its own clock: not the versions a browser may still cache.
        var restarted = new CameraStore(Options.Create(new DashboardOptions()), new FakeTimeProvider(DashboardSamples.Epoch.AddSeconds(1)),
            new DashboardInstruments(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        Assert.True(restarted.TryApplyPreview(new CameraId(DashboardSamples.Site, "cam-1"), DashboardSamples.Jpeg(0, 255, 0)));
        Assert.True(restarted.Preview(new CameraId(DashboardSamples.Site, "cam-1"))!.Version > first + 1);
    }

    [Fact]
    public void RejectsAndCountsAPreviewThatIsNotAJpeg()
    {
        Assert.False(Handle(PreviewTopic, "{\"not\":\"a picture\"}"u8.ToArray()));
        Assert.False(Handle(PreviewTopic, [.. DashboardSamples.Jpeg(0, 0, 255).SkipLast(2)]));

        Assert.Equal(2, Rejections("preview", "malformed"));
        Assert.Null(_store.Preview(new CameraId(DashboardSamples.Site, "cam-1")));
    }

    [Fact]
    public void RejectsAnOversizedPreviewBeforeCopyingIt()
    {
        var jpeg = new byte[4096];
        (jpeg[0], jpeg[1], jpeg[^2], jpeg[^1]) = (0xFF, 0xD8, 0xFF, 0xD9);

        Assert.False(Handle(PreviewTopic, jpeg));

        Assert.Equal(1, Rejections("preview", "oversized"));
        Assert.Empty(_store.Snapshot());
    }

    [Fact]
    public void AnEmptyPreviewClearsTheOneHeld()
    {
        Assert.True(Handle(PreviewTopic, DashboardSamples.Jpeg(0, 0, 255)));
        Assert.True(Handle(PreviewTopic, []));

        Assert.Null(_store.Preview(new CameraId(DashboardSamples.Site, "cam-1")));
        Assert.Null(Assert.Single(_store.Snapshot()).PreviewVersion);
    }

    [Fact]
    public void KeepsTheLatestStatusOfEachSiloAndAnEmptyOneRemovesIt()
    {
        Assert.True(Handle(MqttTopics.SiloStatus("silo-a"), JsonMessageCodec.Encode(DashboardSamples.Silo("silo-a", DashboardSamples.Epoch, "cam-1"))));
        Assert.True(Handle(MqttTopics.SiloStatus("silo-b"), JsonMessageCodec.Encode(DashboardSamples.Silo("silo-b", DashboardSamples.Epoch) with { State = SiloState.Offline })));
        // A late retained copy older than the one held changes nothing.
        Assert.True(Handle(MqttTopics.SiloStatus("silo-a"), JsonMessageCodec.Encode(DashboardSamples.Silo("silo-a", DashboardSamples.Epoch.AddSeconds(-10)))));

        Assert.Collection(_silos.Snapshot(),
            a => Assert.Equal("cam-1", Assert.Single(a.Status.Cameras).Camera),
            b => Assert.Equal(SiloState.Offline, b.Status.State));

        Assert.True(Handle(MqttTopics.SiloStatus("silo-b"), []));
        Assert.Equal("silo-a", Assert.Single(_silos.Snapshot()).Status.SiloId);
        Assert.Equal(4, _stats.Snapshot().SiloStatuses);
    }

    [Fact]
    public void RejectsASiloStatusThatIsMalformedOrNamesAnotherSiloOrExceedsTheLimit()
    {
        Assert.False(Handle(MqttTopics.SiloStatus("silo-a"), "{\"siloId\":\"silo-a\"}"u8.ToArray()));
        Assert.False(Handle(MqttTopics.SiloStatus("silo-a"), JsonMessageCodec.Encode(DashboardSamples.Silo("silo-b", DashboardSamples.Epoch))));
        Assert.True(Handle(MqttTopics.SiloStatus("silo-a"), JsonMessageCodec.Encode(DashboardSamples.Silo("silo-a", DashboardSamples.Epoch))));
        Assert.True(Handle(MqttTopics.SiloStatus("silo-b"), JsonMessageCodec.Encode(DashboardSamples.Silo("silo-b", DashboardSamples.Epoch))));
        Assert.False(Handle(MqttTopics.SiloStatus("silo-c"), JsonMessageCodec.Encode(DashboardSamples.Silo("silo-c", DashboardSamples.Epoch))));

        Assert.Equal(1, Rejections(MessageStats.SiloStatusKind, "malformed"));
        Assert.Equal(1, Rejections(MessageStats.SiloStatusKind, RejectionReasons.TopicMismatch));
        Assert.Equal(1, Rejections(MessageStats.SiloStatusKind, RejectionReasons.SiloLimit));
    }

    [Fact]
    public void ASiloThatSaysNothingForThreeIntervalsIsSilentAndItsCamerasAreUnserved()
    {
        Assert.True(Handle(DashboardSamples.StatusTopic("cam-1"), JsonMessageCodec.Encode(DashboardSamples.Status(CameraState.Online, DashboardSamples.Epoch))));
        Assert.True(Handle(MqttTopics.SiloStatus("silo-a"), JsonMessageCodec.Encode(DashboardSamples.Silo("silo-a", DashboardSamples.Epoch, "cam-1"))));
        var source = new DashboardSnapshotSource(_store, new BrokerConnectionState(Options.Create(new DashboardOptions())), _stats, _time);

        _time.Advance(TimeSpan.FromSeconds(15));
        var healthy = ClusterView.Of(_silos.Snapshot(), source.Take());
        Assert.Equal(SiloConcern.Healthy, Assert.Single(healthy.Silos).Concern);
        Assert.Empty(healthy.Unserved);

        _time.Advance(TimeSpan.FromSeconds(0.1));
        var silent = ClusterView.Of(_silos.Snapshot(), source.Take());
        Assert.Equal(SiloConcern.Silent, Assert.Single(silent.Silos).Concern);
        Assert.Equal("cam-1", Assert.Single(silent.Unserved).Camera);
    }

    public void Dispose()
    {
        _rejected.Dispose();
        _services.Dispose();
    }

    private bool Handle(string topic, byte[] payload) => _handler.Handle(topic, new ReadOnlySequence<byte>(payload));

    private long Rejections(string kind, string reason) => _rejected.GetMeasurementSnapshot()
        .Where(m => Equals(m.Tags["kind"], kind) && Equals(m.Tags["reason"], reason))
        .Sum(m => m.Value);
}

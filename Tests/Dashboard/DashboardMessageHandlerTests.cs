using System.Buffers;
using System.Text;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Dashboard;
using EdgeVision.Dashboard.Mqtt;
using EdgeVision.Dashboard.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Dashboard;

public sealed class DashboardMessageHandlerTests : IDisposable
{
    private static readonly string ResultsTopic = MqttTopics.Build(DashboardSamples.Site, "cam-1", TopicKind.Results);
    private static readonly string StatusTopic = MqttTopics.Build(DashboardSamples.Site, "cam-1", TopicKind.Status);
    private static readonly string ControlTopic = MqttTopics.Build(DashboardSamples.Site, "cam-1", TopicKind.Control);
    private static readonly string LatencyTopic = MqttTopics.Build(DashboardSamples.Site, "cam-1", TopicKind.Latency);

    private readonly FakeTimeProvider _time = new(DashboardSamples.Epoch);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly FakeLogger<DashboardMessageHandler> _logger = new();
    private readonly MetricCollector<long> _accepted;
    private readonly MetricCollector<long> _rejected;
    private readonly CameraStore _store;
    private readonly MessageStats _stats = new();
    private readonly DashboardMessageHandler _handler;

    public DashboardMessageHandlerTests()
    {
        var meterFactory = _services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        _accepted = new MetricCollector<long>(meterFactory, DashboardInstruments.MeterName, DashboardInstruments.MessagesName);
        _rejected = new MetricCollector<long>(meterFactory, DashboardInstruments.MeterName, DashboardInstruments.RejectedName);
        var options = Options.Create(new DashboardOptions { MaxCameras = 2, MaxMessageBytes = 4096 });
        var instruments = new DashboardInstruments(meterFactory);
        _store = new CameraStore(options, _time, instruments);
        _handler = new DashboardMessageHandler(_store, new EdgeVision.Dashboard.Cluster.SiloStore(options, _time), _stats, instruments, options, _time, _logger);
    }

    [Fact]
    public void AppliesResultsStatusAndControlFromTheirTopics()
    {
        Assert.True(Handle(StatusTopic, JsonMessageCodec.Encode(DashboardSamples.Status(CameraState.Online, DashboardSamples.Epoch))));
        Assert.True(Handle(ResultsTopic, JsonMessageCodec.Encode(DashboardSamples.Result(label: "waving"))));
        Assert.True(Handle(ControlTopic, JsonMessageCodec.Encode(DashboardSamples.Control())));
        Assert.True(Handle(LatencyTopic, JsonMessageCodec.Encode(DashboardSamples.Report(EdgeVision.Contracts.Telemetry.LatencyCause.TransportBound, false, DashboardSamples.Epoch))));

        var camera = Assert.Single(_store.Snapshot());
        Assert.Equal(CameraLiveness.Online, camera.State);
        Assert.Equal("waving", camera.Latest!.Label);
        Assert.NotNull(camera.LastControl);
        Assert.Equal("transport-bound", camera.LatencyBound!.Name);
        Assert.Equal(new MessageStatsSnapshot(1, 1, 1, 0, null, 1), _stats.Snapshot());
        Assert.Equal(4, _accepted.GetMeasurementSnapshot().EvaluateAsCounter());
    }

    [Fact]
    public void CountsEachDropNoticeForItsCameraByReason()
    {
        var topic = MqttTopics.Build(DashboardSamples.Site, "cam-1", TopicKind.Drops);

        Assert.True(Handle(topic, JsonMessageCodec.Encode(DashboardSamples.Drop("stale", sequence: 1))));
        Assert.True(Handle(topic, JsonMessageCodec.Encode(DashboardSamples.Drop("lost", sequence: 2))));

        var drops = Assert.Single(_store.Snapshot()).Drops!;
        Assert.Equal((2, 2L, "lost"), (drops.Recent, drops.Total, drops.LastReason));
        Assert.Equal(2, _stats.Snapshot().Drops);
        Assert.Equal(["stale", "lost"], _store.Timeline(new CameraId(DashboardSamples.Site, "cam-1"))!.Drops.Select(d => d.Reason));
    }

    [Theory]
    [InlineData("dropped", "invalid_field")]
    [InlineData("", "invalid_field")]
    public void RejectsADropNoticeWhoseReasonIsNotADropReason(string reason, string rejection)
    {
        var topic = MqttTopics.Build(DashboardSamples.Site, "cam-1", TopicKind.Drops);

        Assert.False(Handle(topic, JsonMessageCodec.Encode(DashboardSamples.Drop(reason))));

        Assert.Empty(_store.Snapshot());
        Assert.Equal(1, Rejections("drops", rejection));
    }

    [Fact]
    public void RejectsADropNoticeForAnotherCamerasTopic()
    {
        var topic = MqttTopics.Build(DashboardSamples.Site, "cam-2", TopicKind.Drops);

        Assert.False(Handle(topic, JsonMessageCodec.Encode(DashboardSamples.Drop("stale"))));

        Assert.Equal(1, Rejections("drops", RejectionReasons.TopicMismatch));
    }

    [Theory]
    [InlineData("{ not json", "malformed")]
    [InlineData("", "empty")]
    [InlineData("null", "malformed")]
    public void RejectsAndCountsAPayloadThatIsNotAResult(string payload, string reason)
    {
        Assert.False(Handle(ResultsTopic, Encoding.UTF8.GetBytes(payload)));

        Assert.Empty(_store.Snapshot());
        Assert.Equal(1, Rejections("results", reason));
        Assert.Equal(reason, _stats.Snapshot().LastRejection!.Reason);
    }

    [Fact]
    public void RejectsAResultWithAnOutOfRangeField()
    {
        var invalid = DashboardSamples.Result() with { EndToEndLatencyMs = -5 };

        Assert.False(Handle(ResultsTopic, JsonMessageCodec.Encode(invalid)));

        Assert.Equal(1, Rejections("results", "invalid_field"));
        Assert.Contains("endToEndLatencyMs must be", _stats.Snapshot().LastRejection!.Detail, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void RejectsAMessageWhoseCameraDiffersFromItsTopic()
    {
        var forOtherCamera = JsonMessageCodec.Encode(DashboardSamples.Result(camera: "cam-2"));

        Assert.False(Handle(ResultsTopic, forOtherCamera));

        Assert.Empty(_store.Snapshot());
        Assert.Equal(1, Rejections("results", RejectionReasons.TopicMismatch));
    }

    [Fact]
    public void RejectsAnOversizedPayloadBeforeDecodingIt()
    {
        Assert.False(Handle(StatusTopic, new byte[4097]));

        Assert.Equal(1, Rejections("status", "oversized"));
    }

    [Theory]
    [InlineData("edgevision/site-a/cam-1/sequences")]
    [InlineData("edgevision/site-a/cam-1/results/extra")]
    [InlineData("other/site-a/cam-1/results")]
    [InlineData("edgevision/_silos/silo-a/status")]
    public void RejectsMessagesOnTopicsOutsideTheScheme(string topic)
    {
        Assert.False(Handle(topic, JsonMessageCodec.Encode(DashboardSamples.Result())));

        Assert.Equal(1, Rejections("unknown", RejectionReasons.UnknownTopic));
    }

    [Fact]
    public void RejectsAndCountsCamerasBeyondTheLimit()
    {
        foreach (var camera in new[] { "cam-1", "cam-2", "cam-3" })
        {
            Handle(MqttTopics.Build(DashboardSamples.Site, camera, TopicKind.Results), JsonMessageCodec.Encode(DashboardSamples.Result(camera: camera)));
        }

        Assert.Equal(2, _store.Count);
        Assert.Equal(1, Rejections("results", RejectionReasons.CameraLimit));
    }

    [Fact]
    public void LogsOneLinePerReasonPerIntervalWithTheCountOfSuppressedOnes()
    {
        for (var i = 0; i < 5; i++)
        {
            Handle(ResultsTopic, "garbage"u8.ToArray());
        }

        _time.Advance(TimeSpan.FromSeconds(11));
        Handle(ResultsTopic, "garbage"u8.ToArray());

        var lines = _logger.Collector.GetSnapshot().Where(r => r.Level == LogLevel.Warning).ToList();
        Assert.Equal(2, lines.Count);
        Assert.Contains("(4 more with this reason", lines[1].Message, StringComparison.Ordinal);
        Assert.Equal(6, Rejections("results", "malformed"));
    }

    [Fact]
    public void ReadsAPayloadSplitAcrossSegments()
    {
        var bytes = JsonMessageCodec.Encode(DashboardSamples.Result(label: "split"));
        var first = new Segment(bytes.AsMemory(0, 10));
        var last = first.Append(bytes.AsMemory(10));

        Assert.True(_handler.Handle(ResultsTopic, new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length)));
        Assert.Equal("split", Assert.Single(_store.Snapshot()).Latest!.Label);
    }

    public void Dispose()
    {
        _accepted.Dispose();
        _rejected.Dispose();
        _services.Dispose();
    }

    private bool Handle(string topic, byte[] payload) => _handler.Handle(topic, new ReadOnlySequence<byte>(payload));

    private long Rejections(string kind, string reason) => _rejected.GetMeasurementSnapshot()
        .Where(m => Equals(m.Tags["kind"], kind) && Equals(m.Tags["reason"], reason))
        .Sum(m => m.Value);

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory) => Memory = memory;

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory) { RunningIndex = RunningIndex + Memory.Length };
            Next = next;
            return next;
        }
    }
}

using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Catalog;
using EdgeVision.Silo.Grains;
using EdgeVision.Silo.Health;
using EdgeVision.Silo.Mqtt;
using EdgeVision.Silo.Results;
using EdgeVision.Silo.Status;
using EdgeVision.Tests.Dashboard;
using EdgeVision.Tests.Edge.Publishing;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SiloStatus = EdgeVision.Contracts.Wire.Json.SiloStatus;

namespace EdgeVision.Tests.Silo.Status;

/// <summary>
/// The silo's retained status through a real broker, on a fake clock: what it says (cameras and their models, batch sizes since
/// the previous status, queue depth, models, health), how often, and that it says offline when the silo stops.
/// </summary>
public sealed class SiloStatusPublisherTests : IAsyncDisposable
{
    private const string SiloId = "silo-a";

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;
    private readonly FakeTimeProvider _time = new(DashboardSamples.Epoch);
    private readonly ResultCallbacks _callbacks = new(NullLogger<ResultCallbacks>.Instance);
    private readonly StubEngine _engine = new() { QueueDepth = 3, CurrentMaxBatchSize = 8 };
    private readonly ServiceProvider _health;
    private readonly CameraStallTracker _stalls;
    private bool _degraded;

    public SiloStatusPublisherTests()
    {
        _stalls = new CameraStallTracker(Options.Create(new CameraGrainOptions { StallSeconds = 15 }), _time, NullLogger<CameraStallTracker>.Instance);
        var services = new ServiceCollection().AddLogging();
        services.AddHealthChecks().AddCheck("silo-cameras", () => _degraded ? HealthCheckResult.Degraded("1 camera(s) stalled") : HealthCheckResult.Healthy());
        _health = services.BuildServiceProvider();
    }

    [Fact]
    public async Task PublishesARetainedStatusOnConnectThenEveryIntervalWithTheBatchSizesSinceThePreviousOne()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        await using var recorder = await TopicRecorder.StartAsync(broker.Port, filters: MqttTopics.SiloStatusFilter);
        using var publisher = Publisher(broker.Port);
        _stalls.Received("warehouse-1/dock-3");
        _stalls.Received("warehouse-1/gate-1");
        Result("dock-3", batchSize: 4);
        Result("dock-3", batchSize: 4);
        Result("dock-3", batchSize: 2);

        await publisher.StartAsync(_cancellation);
        await recorder.WaitUntilAsync(received => Statuses(received).Count == 1);
        var first = Statuses(recorder.All)[0];
        Assert.Equal(SiloId, first.SiloId);
        Assert.Equal(SiloState.Online, first.State);
        Assert.Equal("127.0.0.1:11111@1", first.Address);
        Assert.Equal(SiloHealth.Healthy, first.Health);
        Assert.Equal(3, first.QueueDepth);
        Assert.Equal(8, first.MaxBatchSize);
        Assert.Equal([new BatchSizeCount(2, 1), new BatchSizeCount(4, 2)], first.BatchSizes);
        Assert.Equal(new SiloModel("conv3d", "conv3d", "1.2.0", "cpu"), Assert.Single(first.Models));
        Assert.Collection(first.Cameras,
            dock => Assert.Equal(new SiloCamera("warehouse-1", "dock-3", false, "conv3d", "1.2.0", DashboardSamples.Epoch), dock),
            gate => Assert.Equal(new SiloCamera("warehouse-1", "gate-1", false), gate));

        // One interval later: only what ran since, and what changed.
        Result("dock-3", batchSize: 8);
        _engine.QueueDepth = 0;
        _degraded = true;
        await AdvanceUntilAsync(recorder, statuses => statuses.Count >= 2, eachInterval: () => { });
        var second = Statuses(recorder.All)[1];
        Assert.Equal([new BatchSizeCount(8, 1)], second.BatchSizes);
        Assert.Equal(0, second.QueueDepth);
        Assert.Equal(SiloHealth.Degraded, second.Health);
        Assert.Contains("1 camera(s) stalled", second.HealthDetail, StringComparison.Ordinal);
        Assert.All(recorder.All, message => Assert.Equal(MqttTopics.SiloStatus(SiloId), message.Topic));
    }

    [Fact]
    public async Task SaysOfflineWhenTheSiloStopsAndALaterSubscriberStillLearnsIt()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        await using (var recorder = await TopicRecorder.StartAsync(broker.Port, filters: MqttTopics.SiloStatusFilter))
        {
            using var publisher = Publisher(broker.Port);
            await publisher.StartAsync(_cancellation);
            await recorder.WaitUntilAsync(received => Statuses(received).Count == 1);

            await publisher.StopAsync(_cancellation);
            await recorder.WaitUntilAsync(received => Statuses(received).Any(s => s.State == SiloState.Offline));
            var offline = Statuses(recorder.All)[^1];
            Assert.Equal(SiloState.Offline, offline.State);
            Assert.Equal("shutdown", offline.Reason);
            Assert.Empty(offline.Cameras);
        }

        await using var later = await TopicRecorder.StartAsync(broker.Port, filters: MqttTopics.SiloStatusFilter);
        await later.WaitUntilAsync(received => received.Count == 1);
        var retained = Assert.Single(later.All);
        Assert.True(retained.Retained);
        Assert.Equal(SiloState.Offline, Decode(retained.Payload).State);
    }

    [Fact]
    public async Task ACameraStalledAtTheSiloIsMarkedSo()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        await using var recorder = await TopicRecorder.StartAsync(broker.Port, filters: MqttTopics.SiloStatusFilter);
        using var publisher = Publisher(broker.Port);
        _stalls.Received("warehouse-1/dock-3");
        await publisher.StartAsync(_cancellation);
        await recorder.WaitUntilAsync(received => Statuses(received).Count == 1);
        Assert.False(Assert.Single(Statuses(recorder.All)[0].Cameras).Stalled);

        // Sequences keep arriving for longer than StallSeconds, and no result.
        await AdvanceUntilAsync(recorder, statuses => statuses.Any(s => s.Cameras.Any(c => c.Stalled)),
            eachInterval: () => _stalls.Received("warehouse-1/dock-3"));
    }

    /// <summary>
    /// Lets status intervals pass until <paramref name="condition"/> holds. The publisher is ready only once its
    /// on-connect status is acknowledged, a moment after the recorder sees that status, and it skips a tick before then:
    /// a fixed number of intervals could all pass before it is ready.
    /// </summary>
    private async Task AdvanceUntilAsync(TopicRecorder recorder, Func<IReadOnlyList<SiloStatus>, bool> condition, Action eachInterval)
    {
        for (var interval = 0; interval < 40; interval++)
        {
            _time.Advance(TimeSpan.FromSeconds(5));
            eachInterval();
            try
            {
                await recorder.WaitUntilAsync(received => condition(Statuses(received)), TimeSpan.FromSeconds(1));
                return;
            }
            catch (TimeoutException)
            {
            }
        }

        throw new TimeoutException("No status met the condition within 40 intervals.");
    }

    [Fact]
    public void InvalidOptionsNameTheirKey() =>
        Assert.Equal(["Silo:Status:IntervalSeconds must be between 0.5 and 3600 (was 0)."], new SiloStatusOptions { IntervalSeconds = 0 }.Validate());

    public async ValueTask DisposeAsync() => await _health.DisposeAsync();

    private SiloStatusPublisher Publisher(int brokerPort)
    {
        var mqtt = new SiloMqttOptions
        {
            Host = InProcessBroker.Address,
            Port = brokerPort,
            ClientId = SiloId,
            ReconnectMinDelaySeconds = 0.05,
            ReconnectMaxDelaySeconds = 0.5,
        };
        var options = Options.Create(new SiloStatusOptions { IntervalSeconds = 5 });
        var source = new SiloStatusSource(new SiloIdentity(SiloMqttClients.SiloId(mqtt), "127.0.0.1:11111@1", DashboardSamples.Epoch), new SiloActivity(_callbacks), _stalls,
            _engine, new StubCatalog(), _health.GetRequiredService<HealthCheckService>(), options, _time);
        return new SiloStatusPublisher(source, Options.Create(mqtt), options, _time, NullLogger<SiloStatusPublisher>.Instance);
    }

    private void Result(string camera, int batchSize) =>
        _callbacks.Invoke(DashboardSamples.Result(camera: camera, site: "warehouse-1", adaptive: new AdaptiveState(112, 112, 0, batchSize, 15)) with
        {
            ModelName = "conv3d", ModelVersion = "1.2.0", CompletedAt = DashboardSamples.Epoch,
        });

    private static List<SiloStatus> Statuses(IReadOnlyList<TopicRecorder.Received> received) => [.. received.Select(r => Decode(r.Payload))];

    private static SiloStatus Decode(byte[] payload)
    {
        var decoded = JsonMessageCodec.TryDecodeSiloStatus(payload);
        Assert.True(decoded.IsSuccess, decoded.IsSuccess ? null : decoded.Failure.Message);
        return decoded.Value;
    }

    private sealed class StubEngine : IInferenceEngine
    {
        public int QueueDepth { get; set; }

        public int CurrentMaxBatchSize { get; set; }

        public Task<InferenceOutcome> InferAsync(InferenceRequest request, CancellationToken cancellationToken = default) => throw new NotSupportedException();

        public int SetMaxBatchSize(int maxBatchSize) => CurrentMaxBatchSize = maxBatchSize;
    }

    private sealed class StubCatalog : IModelCatalog
    {
        public IReadOnlyCollection<string> Keys => ["conv3d"];

        public bool Contains(string key) => key == "conv3d";

        public ModelDescription Describe(string key) =>
            Contains(key) ? new ModelDescription(key, "conv3d", "1.2.0", ["a", "b"], new VideoModelConfig(), "models/conv3d.ckpt", "cpu") : throw new ArgumentException(key);

        public string Load(string key, string checkpointPath) => throw new NotSupportedException();

        public ModelLease Acquire(string key) => throw new NotSupportedException();
    }
}

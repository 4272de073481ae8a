using System.Buffers;
using System.Threading.Channels;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire;
using EdgeVision.Mqtt;
using EdgeVision.Silo.Grains;
using EdgeVision.Silo.Metrics;
using EdgeVision.Silo.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Silo.Ingestion;

/// <summary>
/// The silo's one MQTT subscriber for sequences (<c>edgevision/+/+/sequences</c>, or a shared subscription when
/// several silos split the cameras). Each message is size-checked and decoded on the receive loop (a protobuf
/// parse), then handed to the lane of its camera; lanes call camera grains in parallel, one camera's sequences in
/// the order received. The MQTT message is acknowledged only after the grain's <c>Ingest</c> returned, whatever it
/// decided (at-least-once); an accepted sequence is by then in the grain's durable pending record, and a grain that
/// could not write that record throws, so the call is retried and the message left unacknowledged rather than
/// acknowledged without a trace. A malformed message is rejected, counted, logged (rate-limited) and acknowledged,
/// and the loop goes on.
/// </summary>
public sealed partial class MqttIngestionService : BackgroundService
{
    // A silo failure takes membership some seconds to notice; until then calls to its grains fail. ~50 s in all.
    private static readonly TimeSpan GrainRetryDelay = TimeSpan.FromMilliseconds(200);
    private static readonly TimeSpan GrainRetryMaxDelay = TimeSpan.FromSeconds(2);
    private const int GrainAttempts = 30;

    private readonly SiloMqttOptions _options;
    private readonly SequenceLimits _limits;
    private readonly IGrainFactory _grains;
    private readonly SiloInstruments _instruments;
    private readonly IngestionInstruments _ingestion;
    private readonly TimeProvider _time;
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ILogger<MqttIngestionService> _logger;
    private readonly LogRateLimiter _logLimiter;
    private readonly MqttConnectionKeeper _connection;
    private readonly Channel<IngestWork>[] _lanes;
    private volatile string? _lastConnectFailure;

    public MqttIngestionService(
        IOptions<SiloMqttOptions> options,
        IOptions<SequenceLimits> limits,
        IGrainFactory grains,
        SiloInstruments instruments,
        IngestionInstruments ingestion,
        TimeProvider time,
        IHostApplicationLifetime lifetime,
        ILogger<MqttIngestionService> logger)
    {
        _options = options.Value;
        _limits = limits.Value;
        _grains = grains;
        _instruments = instruments;
        _ingestion = ingestion;
        _time = time;
        _lifetime = lifetime;
        _logger = logger;
        _logLimiter = new LogRateLimiter(time, TimeSpan.FromSeconds(5));
        _connection = SiloMqttClients.Ingestion(_options, SubscribeAsync, time, logger);
        _connection.ConnectFailed += failure => _lastConnectFailure = failure.Reason;
        _connection.ConnectionLost += reason => _lastConnectFailure = $"connection lost: {reason}";
        _lanes = [.. Enumerable.Range(0, _options.IngestionLanes).Select(_ => Channel.CreateBounded<IngestWork>(
            new BoundedChannelOptions(_options.LaneCapacity) { FullMode = BoundedChannelFullMode.Wait, SingleReader = true }))];
    }

    /// <summary>The filter this silo subscribes to.</summary>
    public string TopicFilter => string.IsNullOrEmpty(_options.SharedSubscriptionGroup)
        ? MqttTopics.Filter(TopicKind.Sequences, NullIfEmpty(_options.Site))
        : MqttTopics.SharedFilter(_options.SharedSubscriptionGroup, TopicKind.Sequences, NullIfEmpty(_options.Site));

    /// <summary>Whether the client is connected and its subscription was granted (readiness: <see cref="IngestionHealthCheck"/>).</summary>
    public bool IsSubscribed => _connection.IsReady;

    /// <summary>The broker, <c>host:port</c>.</summary>
    public string Broker => _connection.Endpoint;

    /// <summary>While not subscribed, why the last connect attempt failed (refused, unreachable, certificate not trusted) or the connection was lost.</summary>
    public string? LastConnectFailure => IsSubscribed ? null : _lastConnectFailure;

    public override void Dispose()
    {
        base.Dispose();
        _connection.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        // Consume only once the silo (and everything else in the host) is up: grain calls need a running silo.
        await WhenStartedAsync(stoppingToken);
        _connection.Client.ApplicationMessageReceivedAsync += e => OnMessageAsync(e, stoppingToken);
        var lanes = _lanes.Select(lane => RunLaneAsync(lane.Reader, stoppingToken)).ToArray();
        await _connection.RunAsync(stoppingToken);
        foreach (var lane in _lanes)
        {
            lane.Writer.TryComplete();
        }

        await Task.WhenAll(lanes);
        await _connection.DisconnectAsync(farewell: null, CancellationToken.None);
    }

    private async Task SubscribeAsync(IMqttClient client, MqttClientConnectResult connected, CancellationToken cancellationToken)
    {
        var subscribe = new MqttClientSubscribeOptionsBuilder()
            .WithTopicFilter(TopicFilter, MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        var result = await client.SubscribeAsync(subscribe, cancellationToken);
        foreach (var item in result.Items)
        {
            if (item.ResultCode > MqttClientSubscribeResultCode.GrantedQoS2)
            {
                throw new InvalidOperationException($"the broker refused the subscription to {item.TopicFilter.Topic}: {item.ResultCode}");
            }
        }

        LogSubscribed(_logger, TopicFilter);
    }

    private async Task OnMessageAsync(MqttApplicationMessageReceivedEventArgs e, CancellationToken cancellationToken)
    {
        e.AutoAcknowledge = false;
        var receivedAt = _time.GetUtcNow();
        _ingestion.Received();
        var message = e.ApplicationMessage;
        if (!MqttTopics.TryParse(message.Topic, out var topic) || topic.Kind != TopicKind.Sequences)
        {
            await RejectAsync(e, RejectionReasons.InvalidTopic, $"topic '{Truncate(message.Topic)}' is not edgevision/{{site}}/{{camera}}/sequences", cancellationToken);
            return;
        }

        var decoded = Decode(message.Payload);
        if (!decoded.IsSuccess)
        {
            await RejectAsync(e, RejectionReasons.Tag(decoded.Failure.Reason), $"{message.Topic}: {decoded.Failure.Message}", cancellationToken);
            return;
        }

        var sequence = decoded.Value;
        if (sequence.SiteId != topic.Site || sequence.CameraId != topic.Camera)
        {
            await RejectAsync(e, RejectionReasons.TopicMismatch,
                $"{message.Topic} carries a sequence of {sequence.SiteId}/{sequence.CameraId}", cancellationToken);
            return;
        }

        var key = CameraKey.Format(topic.Site, topic.Camera);
        var lane = _lanes[(int)((uint)StringComparer.Ordinal.GetHashCode(key) % (uint)_lanes.Length)];
        try
        {
            await lane.Writer.WriteAsync(new IngestWork(key, sequence, e, receivedAt), cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or ChannelClosedException)
        {
            // Shutting down: left unacknowledged, the broker delivers it again to the next session.
        }
    }

    private DecodeResult<FrameSequence> Decode(ReadOnlySequence<byte> payload)
    {
        // Checked before copying a multi-segment payload into one buffer.
        if (payload.Length > _limits.MaxMessageBytes)
        {
            return DecodeResult<FrameSequence>.Fail(DecodeFailureReason.Oversized,
                $"Payload is {payload.Length} bytes; the limit is {_limits.MaxMessageBytes}.");
        }

        return payload.IsSingleSegment
            ? SequenceCodec.TryDecode(payload.FirstSpan, _limits)
            : SequenceCodec.TryDecode(payload.ToArray().AsSpan(), _limits);
    }

    private async Task RunLaneAsync(ChannelReader<IngestWork> reader, CancellationToken cancellationToken)
    {
        await foreach (var work in reader.ReadAllAsync(CancellationToken.None))
        {
            if (cancellationToken.IsCancellationRequested)
            {
                continue; // Drain without calling grains: unacknowledged, redelivered to the next session.
            }

            if (await IngestWithRetryAsync(work, cancellationToken) is { } outcome)
            {
                if (outcome.Status == IngestStatus.Dropped)
                {
                    LogGrainDropped(_logger, work.Camera, work.Sequence.SequenceNumber, outcome.DropReason?.ToString(), outcome.Detail);
                }

                await AcknowledgeAsync(work.Message, work.Camera, cancellationToken);
            }
        }
    }

    private async Task<IngestOutcome?> IngestWithRetryAsync(IngestWork work, CancellationToken cancellationToken)
    {
        var grain = _grains.GetGrain<ICameraGrain>(work.Camera);
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                return await grain.Ingest(work.Sequence, work.ReceivedAt);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                if (attempt >= GrainAttempts || cancellationToken.IsCancellationRequested)
                {
                    // Not acknowledged: the broker delivers it again after a reconnect; the grain drops the duplicate if it did get it.
                    _instruments.Rejected(RejectionReasons.GrainFailed);
                    LogGrainFailed(_logger, ex, work.Camera, work.Sequence.SequenceNumber, attempt);
                    return null;
                }

                LogGrainRetry(_logger, work.Camera, work.Sequence.SequenceNumber, attempt, ex.Message);
                try
                {
                    await Task.Delay(TimeSpan.FromTicks(Math.Min(GrainRetryDelay.Ticks * attempt, GrainRetryMaxDelay.Ticks)), _time, cancellationToken);
                }
                catch (OperationCanceledException)
                {
                    return null;
                }
            }
        }
    }

    private async Task RejectAsync(MqttApplicationMessageReceivedEventArgs e, string reason, string detail, CancellationToken cancellationToken)
    {
        _instruments.Rejected(reason);
        if (_logLimiter.ShouldLog(reason, out var suppressed))
        {
            LogRejected(_logger, reason, detail, suppressed);
        }

        // A malformed message will not get better: acknowledged so the broker does not send it again.
        await AcknowledgeAsync(e, camera: null, cancellationToken);
    }

    private async Task AcknowledgeAsync(MqttApplicationMessageReceivedEventArgs e, string? camera, CancellationToken cancellationToken)
    {
        try
        {
            await e.AcknowledgeAsync(cancellationToken);
            _ingestion.Acknowledged(camera);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The connection went away first: the broker will deliver the message again and the grain will see a duplicate.
            LogAckFailed(_logger, e.ApplicationMessage.Topic, ex.Message);
        }
    }

    private async Task WhenStartedAsync(CancellationToken cancellationToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registration = _lifetime.ApplicationStarted.Register(() => started.TrySetResult());
        await started.Task.WaitAsync(cancellationToken);
    }

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    private static string Truncate(string? value) => value is null ? "(null)" : value.Length <= 128 ? value : value[..128] + "...";

    private readonly record struct IngestWork(string Camera, FrameSequence Sequence, MqttApplicationMessageReceivedEventArgs Message, DateTimeOffset ReceivedAt);
}

using System.Threading.Channels;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Mqtt;
using EdgeVision.Silo.Metrics;
using EdgeVision.Silo.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Silo.Results;

/// <summary>
/// Publishes results (<c>edgevision/{site}/{camera}/results</c>), control messages (<c>.../control</c>), retained latency
/// reports (<c>.../latency</c>) and drop notices (<c>.../drops</c>) as JSON at QoS 1 through the silo's publishing MQTT client. Grains enqueue without waiting; one loop publishes in order and
/// waits for each PUBACK. While the broker is away messages wait in a bounded queue; when it is full the oldest is
/// dropped and counted (<c>edgevision.silo.publish.failed</c>).
/// </summary>
public sealed partial class MqttPublisher : BackgroundService
{
    private const string JsonContentType = "application/json";

    private readonly Channel<OutgoingMessage> _queue;
    private readonly MqttConnectionKeeper _connection;
    private readonly SiloMqttOptions _options;
    private readonly SiloInstruments _instruments;
    private readonly TimeProvider _time;
    private readonly ILogger<MqttPublisher> _logger;

    public MqttPublisher(IOptions<SiloMqttOptions> options, SiloInstruments instruments, TimeProvider time, ILogger<MqttPublisher> logger)
    {
        _options = options.Value;
        _instruments = instruments;
        _time = time;
        _logger = logger;
        _connection = SiloMqttClients.Publishing(_options, time, logger);
        _queue = Channel.CreateBounded<OutgoingMessage>(
            new BoundedChannelOptions(_options.PublishQueueCapacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
            dropped =>
            {
                _instruments.PublishFailed(MqttTopics.Segment(dropped.Kind));
                LogQueueFull(_logger, dropped.Topic, _options.PublishQueueCapacity);
            });
    }

    /// <summary>Messages waiting for the broker.</summary>
    public int Pending => _queue.Reader.Count;

    public void Publish(InferenceResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        Enqueue(MqttTopics.Build(result.Site, result.Camera, TopicKind.Results), TopicKind.Results, JsonMessageCodec.Encode(result));
    }

    public void Publish(ControlMessage control)
    {
        ArgumentNullException.ThrowIfNull(control);
        Enqueue(MqttTopics.Build(control.Site, control.Camera, TopicKind.Control), TopicKind.Control, JsonMessageCodec.Encode(control));
    }

    /// <summary>Publishes <paramref name="report"/> retained: a subscriber that arrives later still learns the camera's latency cause.</summary>
    public void Publish(LatencyReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        Enqueue(MqttTopics.Build(report.Site, report.Camera, TopicKind.Latency), TopicKind.Latency, JsonMessageCodec.Encode(report), retain: true);
    }

    /// <summary>Publishes <paramref name="notice"/> (not retained): the edge that published the sequence settles it as dropped.</summary>
    public void Publish(DropNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        Enqueue(MqttTopics.Build(notice.Site, notice.Camera, TopicKind.Drops), TopicKind.Drops, JsonMessageCodec.Encode(notice));
    }

    public override void Dispose()
    {
        base.Dispose();
        _connection.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var connection = _connection.RunAsync(stoppingToken);
        try
        {
            await foreach (var message in _queue.Reader.ReadAllAsync(stoppingToken))
            {
                await PublishWithRetryAsync(message, stoppingToken);
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await connection;
        await _connection.DisconnectAsync(farewell: null, CancellationToken.None);
    }

    private void Enqueue(string topic, TopicKind kind, byte[] payload, bool retain = false)
    {
        if (!_queue.Writer.TryWrite(new OutgoingMessage(topic, kind, payload, retain)))
        {
            _instruments.PublishFailed(MqttTopics.Segment(kind));
        }
    }

    private async Task PublishWithRetryAsync(OutgoingMessage message, CancellationToken cancellationToken)
    {
        var application = new MqttApplicationMessageBuilder()
            .WithTopic(message.Topic)
            .WithPayload(message.Payload)
            .WithContentType(JsonContentType)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag(message.Retain)
            .Build();
        var retryDelay = TimeSpan.FromSeconds(_options.ReconnectMinDelaySeconds);
        while (true)
        {
            await _connection.WhenReadyAsync(cancellationToken);
            try
            {
                var result = await _connection.Client.PublishAsync(application, cancellationToken);
                if (result.IsSuccess)
                {
                    return;
                }

                // The broker answered and refused (e.g. not authorised): retrying would not change its mind.
                _instruments.PublishFailed(MqttTopics.Segment(message.Kind));
                LogRefused(_logger, message.Topic, result.ReasonCode.ToString(), result.ReasonString);
                return;
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogPublishFailed(_logger, message.Topic, ex.Message);
            }

            await Task.Delay(retryDelay, _time, cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publish queue full ({Capacity}); dropped the oldest message, for {Topic}")]
    private static partial void LogQueueFull(ILogger logger, string topic, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker refused a message for {Topic}: {ReasonCode} {ReasonString}")]
    private static partial void LogRefused(ILogger logger, string topic, string reasonCode, string? reasonString);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Publishing to {Topic} failed; retrying after reconnect: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string topic, string reason);
}

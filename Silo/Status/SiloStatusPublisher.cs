using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Mqtt;
using EdgeVision.Silo.Mqtt;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using MQTTnet;
using MQTTnet.Protocol;
using SiloStatus = EdgeVision.Contracts.Wire.Json.SiloStatus;

namespace EdgeVision.Silo.Status;

/// <summary>
/// Publishes the silo's retained status (<see cref="SiloStatusSource"/>) on <c>edgevision/_silos/{siloId}</c> through its own
/// MQTT client (<c>{ClientId}-status</c>): on every connect and then every <c>Silo:Status:IntervalSeconds</c>. Each connect
/// registers a retained <c>offline</c> status as the last will, so the broker says so when the silo vanishes; a silo that stops
/// publishes <c>offline</c> itself. A status that cannot be published is logged and the next one follows on time: only the
/// latest matters.
/// </summary>
public sealed partial class SiloStatusPublisher : BackgroundService
{
    private const string JsonContentType = "application/json";

    private readonly SiloStatusSource _source;
    private readonly SiloStatusOptions _options;
    private readonly TimeProvider _time;
    private readonly ILogger<SiloStatusPublisher> _logger;
    private readonly MqttConnectionKeeper _connection;

    public SiloStatusPublisher(SiloStatusSource source, IOptions<SiloMqttOptions> mqtt, IOptions<SiloStatusOptions> options, TimeProvider time,
        ILogger<SiloStatusPublisher> logger)
    {
        _source = source;
        _options = options.Value;
        _time = time;
        _logger = logger;
        _connection = SiloMqttClients.Status(mqtt.Value, AddLastWill, OnConnectedAsync, time, logger);
    }

    /// <summary>Statuses published since start.</summary>
    public long Published => Interlocked.Read(ref _published);

    private long _published;

    public override void Dispose()
    {
        base.Dispose();
        _connection.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!_options.Enabled)
        {
            return;
        }

        var connection = _connection.RunAsync(stoppingToken);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(_options.IntervalSeconds), _time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                if (_connection.IsReady)
                {
                    await TryPublishAsync(_connection.Client, stoppingToken);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }

        await connection;
        await _connection.DisconnectAsync(token => PublishAsync(_connection.Client, _source.Offline("shutdown"), token), CancellationToken.None);
    }

    private void AddLastWill(MqttClientOptionsBuilder session) => session
        .WithWillTopic(_source.Identity.Topic)
        .WithWillPayload(JsonMessageCodec.Encode(_source.Offline("connection lost")))
        .WithWillRetain()
        .WithWillQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
        .WithWillContentType(JsonContentType);

    /// <summary>After every connect: the status now, replacing a last will the broker may have published meanwhile.</summary>
    private async Task OnConnectedAsync(IMqttClient client, MqttClientConnectResult connected, CancellationToken cancellationToken)
    {
        await PublishAsync(client, await _source.TakeAsync(cancellationToken), cancellationToken);
        LogOnline(_logger, _source.Identity.Topic, _options.IntervalSeconds);
    }

    private async Task TryPublishAsync(IMqttClient client, CancellationToken cancellationToken)
    {
        try
        {
            await PublishAsync(client, await _source.TakeAsync(cancellationToken), cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            LogPublishFailed(_logger, _source.Identity.Topic, ex.Message);
            _connection.Recheck();
        }
    }

    private async Task PublishAsync(IMqttClient client, SiloStatus status, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_source.Identity.Topic)
            .WithPayload(JsonMessageCodec.Encode(status))
            .WithContentType(JsonContentType)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag()
            .Build();
        var result = await client.PublishAsync(message, cancellationToken);
        if (!result.IsSuccess)
        {
            throw new InvalidOperationException($"The broker refused the silo status: {result.ReasonCode} {result.ReasonString}".Trim());
        }

        Interlocked.Increment(ref _published);
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Silo status on {Topic}, every {IntervalSeconds} s")]
    private static partial void LogOnline(ILogger logger, string topic, double intervalSeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing the silo status on {Topic} failed; the next one follows on time: {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, string topic, string reason);
}

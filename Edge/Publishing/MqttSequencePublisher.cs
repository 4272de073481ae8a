using System.Buffers;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Topics;
using EdgeVision.Mqtt;
using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Edge.Publishing;

/// <summary>
/// Publishes encoded sequences to <c>edgevision/{site}/{camera}/sequences</c> at QoS 1 over one MQTT 5 connection:
/// a bounded outbound queue (the offline queue while the broker is away), up to <c>MaxInFlight</c> publishes awaiting
/// their PUBACK, a reconnect loop with backoff, a retained <c>online</c> status and an <c>offline</c> last will.
/// Every sequence handed over ends acknowledged or counted as dropped with a reason.
/// </summary>
public sealed partial class MqttSequencePublisher : IAsyncDisposable
{
    private readonly MqttPublisherOptions _options;
    private readonly EdgeIdentity _identity;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly MqttConnectionKeeper _connection;
    private readonly OutboundQueue _queue;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _operationTimeout;
    private TaskCompletionSource _progress = NewSignal();
    private int _inFlight;
    private bool _receiveOutcomes;
    private volatile string? _connectFailure;
    private Task? _connectionLoop;
    private Task? _publishLoop;

    /// <param name="keyName">How the user spells a key of <paramref name="options"/> (<c>Edge:Mqtt:CaCertificatePath</c>, <c>--ca-file</c>), for messages.</param>
    public MqttSequencePublisher(MqttPublisherOptions options, EdgeIdentity identity, PublisherInstruments instruments, TimeProvider time, ILogger<MqttSequencePublisher> logger,
        Func<string, string>? keyName = null)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        _identity = identity ?? throw new ArgumentNullException(nameof(identity));
        Instruments = instruments ?? throw new ArgumentNullException(nameof(instruments));
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _operationTimeout = TimeSpan.FromSeconds(options.OperationTimeoutSeconds);
        _queue = new OutboundQueue(options.OfflineQueueCapacity);
        Instruments.ObserveQueue(() => _queue.Count + Volatile.Read(ref _inFlight));
        _connection = new MqttConnectionKeeper(new MqttClientOptionsFactory(options, keyName),
            string.IsNullOrEmpty(options.ClientId) ? identity.DefaultClientId : options.ClientId, time, logger)
        {
            ConfigureSession = AddLastWill,
            OnConnectedAsync = OnConnectedAsync,
        };
        _connection.ReadyChanged += OnReadyChanged;
        _connection.ConnectFailed += failure => _connectFailure = failure.Reason;
        // Handlers go on before the first connect (STYLE.md): nothing may arrive unhandled.
        _connection.Client.ApplicationMessageReceivedAsync += OnMessageReceivedAsync;
    }

    public PublisherInstruments Instruments { get; }

    /// <summary>The camera it publishes for.</summary>
    public EdgeIdentity Identity => _identity;

    /// <summary>True while connected with the online status published and the control topic subscribed.</summary>
    public bool IsReady => _connection.IsReady;

    /// <summary>
    /// Why the last connect attempt failed (refused, unreachable, a certificate not trusted, naming the key to check) while
    /// the publisher is not ready; null when it is, or before any attempt failed.
    /// </summary>
    public string? ConnectFailure => IsReady ? null : _connectFailure;

    /// <summary>Sequences queued or awaiting their PUBACK.</summary>
    public int Pending => _queue.Count + Volatile.Read(ref _inFlight);

    /// <summary>Raised with <see cref="IsReady"/> on every change, on the connection loop; handlers must be quick.</summary>
    public event Action<bool>? ReadyChanged;

    /// <summary>
    /// Raised with the payload of each message on the camera's control topic, on MQTTnet's receive loop: handlers
    /// must be quick and must not keep the payload (its buffer is reused).
    /// </summary>
    public event Action<ReadOnlySequence<byte>>? ControlReceived;

    /// <summary>
    /// Raised with the topic kind (<see cref="TopicKind.Results"/> or <see cref="TopicKind.Drops"/>) and payload of each message
    /// on the camera's results and drops topics, on MQTTnet's receive loop, once <see cref="ReceiveOutcomes"/> was called:
    /// handlers must be quick and must not keep the payload.
    /// </summary>
    public event Action<TopicKind, ReadOnlySequence<byte>>? OutcomeReceived;

    /// <summary>Raised with the number of each sequence the broker acknowledged (a republish too), on the publish loop: handlers must be quick.</summary>
    public event Action<long>? SequenceAcknowledged;

    /// <summary>
    /// Raised with the sequence number and reason of each sequence that will never be published (it is counted in
    /// <see cref="Instruments"/> too), on whichever loop dropped it: handlers must be quick.
    /// </summary>
    public event Action<long, DropReason>? SequenceDropped;

    /// <summary>Subscribes to the camera's results and drops topics on every connect (<see cref="OutcomeReceived"/>); call before <see cref="Start"/>.</summary>
    public void ReceiveOutcomes()
    {
        if (_connectionLoop is not null)
        {
            throw new InvalidOperationException("Outcomes must be asked for before the publisher starts.");
        }

        _receiveOutcomes = true;
    }

    /// <summary>Starts connecting (in the background: sequences queue until the broker answers) and publishing.</summary>
    public void Start()
    {
        if (_connectionLoop is not null)
        {
            throw new InvalidOperationException("The publisher is already started.");
        }

        _connectionLoop = Task.Run(() => _connection.RunAsync(_stopping.Token));
        _publishLoop = Task.Run(() => PublishLoopAsync(_stopping.Token));
    }

    /// <summary>
    /// Queues a sequence. Waits while the queue is full and the broker connected; while it is away the oldest queued
    /// sequence is dropped instead and counted as <see cref="DropReason.OfflineQueueFull"/>.
    /// </summary>
    public async ValueTask EnqueueAsync(long sequenceNumber, byte[] payload, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(payload);
        var item = new OutgoingSequence(sequenceNumber, payload);
        if (await _queue.EnqueueAsync(item, cancellationToken).ConfigureAwait(false) is { } dropped)
        {
            DroppedOffline(dropped);
        }
    }

    /// <summary>
    /// Queues an already published sequence again, at the front (it is older than what waits), without waiting for room:
    /// the edge's ledger republishes once a sequence whose outcome never came. Offline beyond the bound the oldest is
    /// dropped and counted as <see cref="DropReason.OfflineQueueFull"/>.
    /// </summary>
    public void Republish(long sequenceNumber, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(payload);
        foreach (var dropped in _queue.ReturnToFront([new OutgoingSequence(sequenceNumber, payload)]))
        {
            DroppedOffline(dropped);
        }
    }

    /// <summary>Completes when nothing is queued or in flight, or when <paramref name="cancellationToken"/> fires first (then false).</summary>
    public async Task<bool> FlushAsync(CancellationToken cancellationToken)
    {
        while (Pending > 0)
        {
            var changed = _queue.WhenChanged;
            var progress = Volatile.Read(ref _progress).Task;
            if (Pending == 0)
            {
                break;
            }

            try
            {
                await Task.WhenAny(changed, progress).WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Stops publishing. What is still queued is counted as <see cref="DropReason.Shutdown"/> (call
    /// <see cref="FlushAsync"/> first to deliver it); then the retained status turns <c>offline</c> and the client
    /// disconnects normally, so the broker does not send the last will.
    /// </summary>
    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_connectionLoop ?? Task.CompletedTask, _publishLoop ?? Task.CompletedTask).ConfigureAwait(false);
        var left = _queue.Clear();
        if (left.Count > 0)
        {
            Instruments.SequenceDropped(DropReason.Shutdown, left.Count);
            foreach (var item in left)
            {
                SequenceDropped?.Invoke(item.SequenceNumber, DropReason.Shutdown);
            }

            LogDiscardedAtStop(_logger, left.Count);
        }

        await _connection.DisconnectAsync(token => PublishStatusAsync(Contracts.Wire.Json.CameraState.Offline, "shutdown", token), cancellationToken)
            .ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (!_stopping.IsCancellationRequested)
        {
            using var deadline = new CancellationTokenSource(_operationTimeout, _time);
            await StopAsync(deadline.Token).ConfigureAwait(false);
        }

        _connection.Dispose();
        _stopping.Dispose();
    }

    /// <summary>
    /// Counts a sequence that will never be published though it never reached the queue (it could not be encoded, or the
    /// delivery deadline passed while it waited for room) as the publisher counts its own drops.
    /// </summary>
    internal void CountDropped(long sequenceNumber, DropReason reason)
    {
        Instruments.SequenceDropped(reason);
        SequenceDropped?.Invoke(sequenceNumber, reason);
    }

    private void DroppedOffline(OutgoingSequence dropped)
    {
        Instruments.SequenceDropped(DropReason.OfflineQueueFull);
        SequenceDropped?.Invoke(dropped.SequenceNumber, DropReason.OfflineQueueFull);
        LogOfflineDrop(_logger, dropped.SequenceNumber, _queue.Capacity);
    }

    private Task OnMessageReceivedAsync(MqttApplicationMessageReceivedEventArgs e)
    {
        var topic = e.ApplicationMessage.Topic;
        if (topic == _identity.ControlTopic)
        {
            ControlReceived?.Invoke(e.ApplicationMessage.Payload);
        }
        else if (topic == _identity.ResultsTopic)
        {
            OutcomeReceived?.Invoke(TopicKind.Results, e.ApplicationMessage.Payload);
        }
        else if (topic == _identity.DropsTopic)
        {
            OutcomeReceived?.Invoke(TopicKind.Drops, e.ApplicationMessage.Payload);
        }

        return Task.CompletedTask;
    }

    private async Task PublishStatusAsync(Contracts.Wire.Json.CameraState state, string? reason, CancellationToken cancellationToken)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_identity.StatusTopic)
            .WithPayload(StatusPayload(state, reason))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .WithRetainFlag()
            .WithContentType("application/json")
            .Build();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_operationTimeout);
        var result = await _connection.Client.PublishAsync(message, timeout.Token).ConfigureAwait(false);
        if (!IsAccepted(result.ReasonCode))
        {
            throw new InvalidOperationException($"The broker refused the {state} status on {_identity.StatusTopic}: {result.ReasonCode} {result.ReasonString}");
        }
    }

    private byte[] StatusPayload(Contracts.Wire.Json.CameraState state, string? reason) =>
        Contracts.Wire.Json.JsonMessageCodec.Encode(new Contracts.Wire.Json.CameraStatus(_identity.Site, _identity.Camera, state, _identity.AgentVersion, _time.GetUtcNow(), reason, _identity.Nominal));

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>MQTT 5 reason codes below 0x80 are successes; 0x10 is "accepted, no matching subscribers".</summary>
    private static bool IsAccepted(MqttClientPublishReasonCode code) => (int)code < 0x80;
}

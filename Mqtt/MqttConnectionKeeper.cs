using Microsoft.Extensions.Logging;
using MQTTnet;
using MQTTnet.Exceptions;

namespace EdgeVision.Mqtt;

/// <summary>
/// Keeps one MQTTnet client connected (STYLE.md: a loop around <c>TryPingAsync</c> and connect with backoff and jitter;
/// MQTTnet's disconnect event only wakes the loop, it never reconnects). After every connect it runs
/// <see cref="OnConnectedAsync"/> (subscribe, publish a retained status); the client is <see cref="IsReady"/> only once
/// that succeeded, and a hook that fails makes the attempt fail and be retried, so a client is never left connected
/// without its subscriptions. Attach message handlers to <see cref="Client"/> before <see cref="RunAsync"/>.
/// </summary>
public sealed partial class MqttConnectionKeeper : IDisposable
{
    /// <summary>How often a quiet connection is checked with a ping (a lost socket wakes the loop at once).</summary>
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    private readonly MqttClientOptionsFactory _factory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private TaskCompletionSource _wake = NewSignal();
    private TaskCompletionSource _ready = NewSignal();
    private volatile bool _isReady;
    private volatile bool _closing;

    /// <param name="factory">The options of this client's connection (one factory per client).</param>
    /// <param name="clientId">The MQTT client id.</param>
    public MqttConnectionKeeper(MqttClientOptionsFactory factory, string clientId, TimeProvider time, ILogger logger)
    {
        _factory = factory ?? throw new ArgumentNullException(nameof(factory));
        ArgumentException.ThrowIfNullOrEmpty(clientId);
        ClientId = clientId;
        _time = time ?? throw new ArgumentNullException(nameof(time));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        Client = new MqttClientFactory().CreateMqttClient();
        Client.DisconnectedAsync += OnDisconnectedAsync;
    }

    public IMqttClient Client { get; }

    public string ClientId { get; }

    /// <summary>The broker as <c>host:port</c>.</summary>
    public string Endpoint => _factory.Endpoint;

    /// <summary>What each connect adds to the factory's options (a last will, a kept session); called before every attempt.</summary>
    public Action<MqttClientOptionsBuilder>? ConfigureSession { get; init; }

    /// <summary>Runs with the client after every successful connect, before it is ready (subscribe here); throwing fails the attempt.</summary>
    public Func<IMqttClient, MqttClientConnectResult, CancellationToken, Task>? OnConnectedAsync { get; init; }

    /// <summary>Connected, and <see cref="OnConnectedAsync"/> succeeded on this connection.</summary>
    public bool IsReady => _isReady;

    /// <summary>Raised with <see cref="IsReady"/> on every change; handlers must be quick.</summary>
    public event Action<bool>? ReadyChanged;

    /// <summary>Raised after each failed attempt, with why and when the next one is due.</summary>
    public event Action<MqttConnectFailure>? ConnectFailed;

    /// <summary>Raised with the reason when a ready connection is lost (not when it is closed on purpose).</summary>
    public event Action<string>? ConnectionLost;

    /// <summary>Completes when the client is ready (at once when it is).</summary>
    public Task WhenReadyAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _ready.Task.WaitAsync(cancellationToken);
        }
    }

    /// <summary>
    /// Keeps the client connected until <paramref name="stopping"/> fires: checks a ready connection, reconnects a lost
    /// one with exponential backoff and jitter between failed attempts. Does not disconnect at the end (see <see cref="DisconnectAsync"/>).
    /// </summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var failures = 0;
        while (!stopping.IsCancellationRequested)
        {
            if (IsReady)
            {
                if (await StillConnectedAsync(stopping).ConfigureAwait(false) || stopping.IsCancellationRequested)
                {
                    continue;
                }

                Lost("no answer to a ping");
            }

            if (await TryConnectAsync(stopping).ConfigureAwait(false) is not { } problem)
            {
                failures = 0;
                continue;
            }

            if (stopping.IsCancellationRequested)
            {
                return;
            }

            failures++;
            var delay = ReconnectBackoff.Delay(failures, TimeSpan.FromSeconds(_factory.Options.ReconnectMinDelaySeconds),
                TimeSpan.FromSeconds(_factory.Options.ReconnectMaxDelaySeconds), ReconnectBackoff.DefaultJitter, Random.Shared.NextDouble());
            LogConnectFailed(_logger, ClientId, Endpoint, failures, delay.TotalSeconds, problem);
            ConnectFailed?.Invoke(new MqttConnectFailure(failures, problem, delay));
            try
            {
                await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>One connect attempt (dropping a connection that stopped answering first); null when ready, else why not.</summary>
    public async Task<string?> TryConnectAsync(CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_factory.OperationTimeout);
        _factory.TakeCertificateRejection();
        try
        {
            if (Client.IsConnected)
            {
                await Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().Build(), timeout.Token).ConfigureAwait(false);
            }

            var result = await Client.ConnectAsync(_factory.Create(ClientId, ConfigureSession), timeout.Token).ConfigureAwait(false);
            if (result.ResultCode != MqttClientConnectResultCode.Success)
            {
                return $"the broker refused the connection: {result.ResultCode} {result.ReasonString}".Trim();
            }

            if (OnConnectedAsync is { } onConnected)
            {
                await onConnected(Client, result, timeout.Token).ConfigureAwait(false);
            }

            SetReady(true);
            LogConnected(_logger, ClientId, Endpoint);
            return null;
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return "stopping";
        }
        catch (OperationCanceledException)
        {
            return $"no answer within {_factory.Options.OperationTimeoutSeconds:0.#} s";
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return _factory.TakeCertificateRejection() ?? Describe(ex);
        }
    }

    /// <summary>Something on this connection failed (a publish timed out): reconnect now rather than at the next check.</summary>
    public void Recheck()
    {
        SetReady(false);
        Signal(ref _wake);
    }

    /// <summary>
    /// Closes the connection normally, so the broker does not publish the last will; call once <see cref="RunAsync"/>
    /// ended. <paramref name="farewell"/> runs first (e.g. publishes a retained offline status); when it fails the
    /// connection is left to drop without a DISCONNECT, so the broker publishes the last will instead.
    /// </summary>
    public async Task DisconnectAsync(Func<CancellationToken, Task>? farewell, CancellationToken cancellationToken)
    {
        _closing = true;
        SetReady(false);
        if (!Client.IsConnected)
        {
            return;
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_factory.OperationTimeout);
        try
        {
            if (farewell is not null)
            {
                await farewell(timeout.Token).ConfigureAwait(false);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogFarewellFailed(_logger, ClientId, Endpoint, ex.Message);
            return;
        }

        try
        {
            await Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(),
                timeout.Token).ConfigureAwait(false);
            LogDisconnected(_logger, ClientId, Endpoint);
        }
        catch (Exception ex) when (ex is OperationCanceledException or MqttCommunicationException)
        {
            // The broker went away meanwhile: it sees the connection drop instead of a DISCONNECT.
            LogDisconnectFailed(_logger, ClientId, Endpoint, ex.Message);
        }
    }

    public void Dispose()
    {
        _closing = true;
        Client.Dispose();
    }

    /// <summary>MQTTnet wraps socket errors ("Error while connecting host ..."); the inner message says why ("Connection refused").</summary>
    private static string Describe(Exception ex) =>
        ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{ex.Message} {inner.Message}" : ex.Message;

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void Signal(ref TaskCompletionSource signal) => Interlocked.Exchange(ref signal, NewSignal()).TrySetResult();

    /// <summary>Waits for the check interval or a wake-up, then pings; false when the connection is gone.</summary>
    private async Task<bool> StillConnectedAsync(CancellationToken stopping)
    {
        var wake = Volatile.Read(ref _wake).Task;
        using (var interval = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            await Task.WhenAny(wake, Task.Delay(CheckInterval, _time, interval.Token)).ConfigureAwait(false);
            await interval.CancelAsync().ConfigureAwait(false);
        }

        if (!IsReady || stopping.IsCancellationRequested)
        {
            return false;
        }

        using var ping = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        ping.CancelAfter(_factory.OperationTimeout);
        return await Client.TryPingAsync(ping.Token).ConfigureAwait(false);
    }

    private bool SetReady(bool ready)
    {
        lock (_gate)
        {
            if (_isReady == ready)
            {
                return false;
            }

            _isReady = ready;
            if (ready)
            {
                _ready.TrySetResult();
            }
            else if (_ready.Task.IsCompleted)
            {
                _ready = NewSignal();
            }

            ReadyChanged?.Invoke(ready);
            return true;
        }
    }

    private void Lost(string reason)
    {
        if (!_closing && SetReady(false))
        {
            LogLost(_logger, ClientId, Endpoint, reason);
            ConnectionLost?.Invoke(reason);
        }
    }

    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        // Only wakes the loop: reconnecting from inside this event can deadlock MQTTnet.
        if (e.ClientWasConnected)
        {
            Lost(e.Exception?.Message ?? $"{e.Reason} {e.ReasonString}".Trim());
            Signal(ref _wake);
        }

        return Task.CompletedTask;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT client {ClientId} connected to {Endpoint}")]
    private static partial void LogConnected(ILogger logger, string clientId, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} could not connect to {Endpoint} (attempt {Attempt}); retrying in {DelaySeconds:0.0} s: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string clientId, string endpoint, int attempt, double delaySeconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} lost its connection to {Endpoint}: {Reason}")]
    private static partial void LogLost(ILogger logger, string clientId, string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT client {ClientId} disconnected from {Endpoint}")]
    private static partial void LogDisconnected(ILogger logger, string clientId, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} could not say goodbye to {Endpoint} ({Reason}); the broker publishes its last will instead")]
    private static partial void LogFarewellFailed(ILogger logger, string clientId, string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT client {ClientId} could not disconnect from {Endpoint} normally: {Reason}")]
    private static partial void LogDisconnectFailed(ILogger logger, string clientId, string endpoint, string reason);
}

using Microsoft.Extensions.Logging;
using MQTTnet;

namespace EdgeVision.Mqtt;

/// <summary>
/// Keeps one MQTTnet client connected (STYLE.md): a loop pings a ready connection and reconnects a lost one with
/// exponential backoff and jitter; MQTTnet's disconnect event only wakes the loop. After every connect it runs
/// <see cref="OnConnectedAsync"/> (subscribe, publish a retained status) and the client is <see cref="IsReady"/> only once
/// that succeeded: a hook that fails fails the attempt, so a client is never left connected without its subscriptions.
/// Attach message handlers to <see cref="Client"/> before <see cref="RunAsync"/>.
/// </summary>
public sealed partial class MqttConnectionKeeper : IDisposable
{
    /// <summary>How often a quiet connection is pinged (a lost socket wakes the loop at once).</summary>
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(5);

    private readonly MqttClientOptionsFactory _factory;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly Lock _gate = new();
    private TaskCompletionSource _wake = NewSignal();
    private TaskCompletionSource _ready = NewSignal();
    private volatile bool _isReady;
    private volatile bool _closing;

    /// <param name="factory">This client's connection options (one factory per client).</param>
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

    /// <summary>The broker, <c>host:port</c>.</summary>
    public string Endpoint => _factory.Endpoint;

    /// <summary>What each connect adds to the factory's options (a last will, a kept session); runs before every attempt.</summary>
    public Action<MqttClientOptionsBuilder>? ConfigureSession { get; init; }

    /// <summary>Runs after every connect, before the client is ready (subscribe here); throwing fails the attempt.</summary>
    public Func<IMqttClient, MqttClientConnectResult, CancellationToken, Task>? OnConnectedAsync { get; init; }

    /// <summary>Connected, and <see cref="OnConnectedAsync"/> succeeded on this connection.</summary>
    public bool IsReady => _isReady;

    /// <summary>Raised with <see cref="IsReady"/> on every change; handlers must be quick.</summary>
    public event Action<bool>? ReadyChanged;

    /// <summary>Raised after each failed attempt: why, and when the next one is due.</summary>
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

    /// <summary>Keeps the client connected until <paramref name="stopping"/> fires; it does not disconnect (<see cref="DisconnectAsync"/> does).</summary>
    public async Task RunAsync(CancellationToken stopping)
    {
        var failures = 0;
        try
        {
            while (!stopping.IsCancellationRequested)
            {
                if (IsReady)
                {
                    if (!await StillConnectedAsync(stopping).ConfigureAwait(false) && !stopping.IsCancellationRequested)
                    {
                        Lost("no answer to a ping");
                    }

                    continue;
                }

                if (await TryConnectAsync(stopping).ConfigureAwait(false) is not { } problem)
                {
                    failures = 0;
                    continue;
                }

                var delay = ReconnectBackoff.Delay(++failures, TimeSpan.FromSeconds(_factory.Options.ReconnectMinDelaySeconds),
                    TimeSpan.FromSeconds(_factory.Options.ReconnectMaxDelaySeconds), ReconnectBackoff.DefaultJitter, Random.Shared.NextDouble());
                LogConnectFailed(_logger, ClientId, Endpoint, failures, delay.TotalSeconds, problem);
                ConnectFailed?.Invoke(new MqttConnectFailure(failures, problem, delay));
                await Task.Delay(delay, _time, stopping).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>
    /// One connect attempt (dropping a connection that stopped answering first); null when ready, else why not.
    /// Throws <see cref="OperationCanceledException"/> only when <paramref name="cancellationToken"/> fires.
    /// </summary>
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

            await (OnConnectedAsync?.Invoke(Client, result, timeout.Token) ?? Task.CompletedTask).ConfigureAwait(false);
            SetReady(true);
            LogConnected(_logger, ClientId, Endpoint);
            return null;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return $"no answer within {_factory.Options.OperationTimeoutSeconds:0.#} s";
        }
        catch (Exception ex) when (ex is not (OutOfMemoryException or OperationCanceledException))
        {
            // MQTTnet wraps socket errors ("Error while connecting host ..."); the inner message says why ("Connection refused").
            return _factory.TakeCertificateRejection()
                   ?? (ex.InnerException is { } inner && !ex.Message.Contains(inner.Message, StringComparison.Ordinal) ? $"{ex.Message} {inner.Message}" : ex.Message);
        }
    }

    /// <summary>Something on this connection failed (a publish timed out): reconnect now rather than at the next check.</summary>
    public void Recheck()
    {
        SetReady(false);
        Interlocked.Exchange(ref _wake, NewSignal()).TrySetResult();
    }

    /// <summary>
    /// Closes the connection normally (no last will); call once <see cref="RunAsync"/> ended. <paramref name="farewell"/>
    /// runs first (a retained offline status); when it fails, the connection is left to drop, so the broker publishes
    /// the last will instead.
    /// </summary>
    public async Task DisconnectAsync(Func<CancellationToken, Task>? farewell, CancellationToken cancellationToken)
    {
        _closing = true;
        SetReady(false);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_factory.OperationTimeout);
        try
        {
            if (Client.IsConnected)
            {
                await (farewell?.Invoke(timeout.Token) ?? Task.CompletedTask).ConfigureAwait(false);
                await Client.DisconnectAsync(new MqttClientDisconnectOptionsBuilder().WithReason(MqttClientDisconnectOptionsReason.NormalDisconnection).Build(),
                    timeout.Token).ConfigureAwait(false);
                LogDisconnected(_logger, ClientId, Endpoint);
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            LogDisconnectFailed(_logger, ClientId, Endpoint, ex.Message);
        }
    }

    public void Dispose()
    {
        _closing = true;
        Client.Dispose();
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Waits for the check interval or a wake-up, then pings; false when the connection is gone.</summary>
    private async Task<bool> StillConnectedAsync(CancellationToken stopping)
    {
        using (var interval = CancellationTokenSource.CreateLinkedTokenSource(stopping))
        {
            await Task.WhenAny(Volatile.Read(ref _wake).Task, Task.Delay(CheckInterval, _time, interval.Token)).ConfigureAwait(false);
            await interval.CancelAsync().ConfigureAwait(false);
        }

        using var ping = CancellationTokenSource.CreateLinkedTokenSource(stopping);
        ping.CancelAfter(_factory.OperationTimeout);
        return IsReady && await Client.TryPingAsync(ping.Token).ConfigureAwait(false);
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
            else
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

    /// <summary>Only wakes the loop: reconnecting from inside this event can deadlock MQTTnet.</summary>
    private Task OnDisconnectedAsync(MqttClientDisconnectedEventArgs e)
    {
        if (e.ClientWasConnected)
        {
            Lost(e.Exception?.Message ?? $"{e.Reason} {e.ReasonString}".Trim());
            Interlocked.Exchange(ref _wake, NewSignal()).TrySetResult();
        }

        return Task.CompletedTask;
    }
}

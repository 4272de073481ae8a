using EdgeVision.ServiceDefaults;
using Microsoft.Extensions.Logging;
using MQTTnet;

namespace EdgeVision.Silo.Mqtt;

/// <summary>
/// Keeps one MQTTnet client connected: a loop that checks the connection with <c>TryPingAsync</c>, reconnects with
/// exponential backoff and jitter (<see cref="ReconnectBackoff"/>) when it is gone, and runs <c>onConnected</c>
/// (subscriptions) after every connect. It never reconnects from inside MQTTnet's disconnect event (STYLE.md).
/// </summary>
internal sealed partial class MqttConnectionKeeper(
    IMqttClient client,
    MqttClientOptions clientOptions,
    SiloMqttOptions options,
    TimeProvider time,
    ILogger logger)
{
    private static readonly TimeSpan CheckInterval = TimeSpan.FromSeconds(1);

    private readonly TaskCompletionSource _firstConnect = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Completes when the first connection (and its <c>onConnected</c>) succeeded.</summary>
    public Task FirstConnect => _firstConnect.Task;

    public async Task RunAsync(Func<CancellationToken, Task> onConnected, CancellationToken cancellationToken)
    {
        var minDelay = TimeSpan.FromMilliseconds(options.ReconnectMinDelayMs);
        var maxDelay = TimeSpan.FromMilliseconds(options.ReconnectMaxDelayMs);
        var failures = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (client.IsConnected && await client.TryPingAsync(cancellationToken))
                {
                    await Task.Delay(CheckInterval, time, cancellationToken);
                    continue;
                }

                try
                {
                    if (client.IsConnected)
                    {
                        await client.DisconnectAsync(cancellationToken: cancellationToken);
                    }

                    var result = await client.ConnectAsync(clientOptions, cancellationToken);
                    if (result.ResultCode != MqttClientConnectResultCode.Success)
                    {
                        throw new InvalidOperationException($"the broker refused the connection: {result.ResultCode} {result.ReasonString}");
                    }

                    await onConnected(cancellationToken);
                    LogConnected(logger, clientOptions.ClientId, options.Host, options.Port, failures);
                    failures = 0;
                    _firstConnect.TrySetResult();
                }
                catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
                {
                    failures++;
                    var delay = ReconnectBackoff.Delay(failures, minDelay, maxDelay, ReconnectBackoff.DefaultJitter, Random.Shared.NextDouble());
                    LogConnectFailed(logger, clientOptions.ClientId, options.Host, options.Port, failures, delay.TotalMilliseconds, ex.Message);
                    await Task.Delay(delay, time, cancellationToken);
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            _firstConnect.TrySetCanceled(cancellationToken);
        }
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT client {ClientId} connected to {Host}:{Port} after {Failures} failed attempts")]
    private static partial void LogConnected(ILogger logger, string clientId, string host, int port, int failures);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} could not connect to {Host}:{Port} (attempt {Failures}); retrying in {DelayMs:0} ms: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string clientId, string host, int port, int failures, double delayMs, string reason);
}

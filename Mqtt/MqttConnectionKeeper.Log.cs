using Microsoft.Extensions.Logging;

namespace EdgeVision.Mqtt;

public sealed partial class MqttConnectionKeeper
{
    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT client {ClientId} connected to {Endpoint}")]
    private static partial void LogConnected(ILogger logger, string clientId, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} could not connect to {Endpoint} (attempt {Attempt}); retrying in {DelaySeconds:0.0} s: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string clientId, string endpoint, int attempt, double delaySeconds, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} lost its connection to {Endpoint}: {Reason}")]
    private static partial void LogLost(ILogger logger, string clientId, string endpoint, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT client {ClientId} disconnected from {Endpoint}")]
    private static partial void LogDisconnected(ILogger logger, string clientId, string endpoint);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT client {ClientId} could not close its connection to {Endpoint} normally ({Reason}); the broker sees it drop and publishes its last will, if any")]
    private static partial void LogDisconnectFailed(ILogger logger, string clientId, string endpoint, string reason);
}

using Microsoft.Extensions.Logging;
using MQTTnet;

namespace EdgeVision.Edge.Publishing;

public sealed partial class MqttSequencePublisher
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Connected to MQTT broker {Host}:{Port} as {ClientId}; {Queued} sequences queued")]
    private static partial void LogConnected(ILogger logger, string host, int port, string clientId, int queued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker {Host}:{Port} refused the connection: {Code} {Reason}")]
    private static partial void LogConnectRefused(ILogger logger, string host, int port, MqttClientConnectResultCode code, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Cannot connect to MQTT broker {Host}:{Port}: {Reason}")]
    private static partial void LogConnectFailed(ILogger logger, string host, int port, string reason);

    [LoggerMessage(Level = LogLevel.Information, Message = "Reconnect attempt {Attempt} in {DelaySeconds:F1} s")]
    private static partial void LogRetrying(ILogger logger, int attempt, double delaySeconds);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Connection to MQTT broker {Host}:{Port} lost; sequences queue until it is back")]
    private static partial void LogConnectionLost(ILogger logger, string host, int port);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Disconnected by MQTT broker: {Reason} {Detail}")]
    private static partial void LogBrokerDisconnected(ILogger logger, MqttClientDisconnectReason reason, string? detail);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker refused the control subscription {Topic}: {Code}; control messages will not arrive")]
    private static partial void LogControlSubscribeRefused(ILogger logger, string topic, MqttClientSubscribeResultCode code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing sequence {SequenceNumber} failed ({Retrying} to retry after reconnecting): {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, long sequenceNumber, int retrying, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The broker refused sequence {SequenceNumber}: {Code} {Reason}; dropped as invalid")]
    private static partial void LogPublishRefused(ILogger logger, long sequenceNumber, MqttClientPublishReasonCode code, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offline queue full ({Capacity}): dropped sequence {SequenceNumber}")]
    private static partial void LogOfflineDrop(ILogger logger, long sequenceNumber, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} queued sequences were not delivered before stopping; counted as shutdown")]
    private static partial void LogDiscardedAtStop(ILogger logger, int count);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not publish the offline status while stopping; the last will reports it instead")]
    private static partial void LogStopStatusFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Information, Message = "Disconnected from MQTT broker {Host}:{Port} (status offline)")]
    private static partial void LogDisconnected(ILogger logger, string host, int port);
}

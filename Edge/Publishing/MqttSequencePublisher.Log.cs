using Microsoft.Extensions.Logging;
using MQTTnet;

namespace EdgeVision.Edge.Publishing;

public sealed partial class MqttSequencePublisher
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Online on {StatusTopic}; {Queued} sequences queued")]
    private static partial void LogOnline(ILogger logger, string statusTopic, int queued);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The broker refused the subscription {Topic}: {Code}; its messages will not arrive")]
    private static partial void LogSubscribeRefused(ILogger logger, string topic, MqttClientSubscribeResultCode code);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Publishing sequence {SequenceNumber} failed ({Retrying} to retry after reconnecting): {Reason}")]
    private static partial void LogPublishFailed(ILogger logger, long sequenceNumber, int retrying, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "The broker refused sequence {SequenceNumber}: {Code} {Reason}; dropped as invalid")]
    private static partial void LogPublishRefused(ILogger logger, long sequenceNumber, MqttClientPublishReasonCode code, string? reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Offline queue full ({Capacity}): dropped sequence {SequenceNumber}")]
    private static partial void LogOfflineDrop(ILogger logger, long sequenceNumber, int capacity);

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Count} queued sequences were not delivered before stopping; counted as shutdown")]
    private static partial void LogDiscardedAtStop(ILogger logger, int count);
}

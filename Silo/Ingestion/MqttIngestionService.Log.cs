using Microsoft.Extensions.Logging;

namespace EdgeVision.Silo.Ingestion;

public sealed partial class MqttIngestionService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Ingestion subscribed to {TopicFilter}")]
    private static partial void LogSubscribed(ILogger logger, string topicFilter);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a sequence message ({Reason}): {Detail} ({Suppressed} more since the last line)")]
    private static partial void LogRejected(ILogger logger, string reason, string detail, long suppressed);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Camera {Camera} dropped sequence {SequenceNumber}: {Reason} {Detail}")]
    private static partial void LogGrainDropped(ILogger logger, string camera, long sequenceNumber, string? reason, string? detail);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera grain {Camera} did not take sequence {SequenceNumber} (attempt {Attempt}); retrying: {Reason}")]
    private static partial void LogGrainRetry(ILogger logger, string camera, long sequenceNumber, int attempt, string reason);

    [LoggerMessage(Level = LogLevel.Error, Message = "Camera grain {Camera} did not take sequence {SequenceNumber} after {Attempts} attempts; left unacknowledged for redelivery")]
    private static partial void LogGrainFailed(ILogger logger, Exception exception, string camera, long sequenceNumber, int attempts);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Could not acknowledge a message on {Topic}: {Reason}")]
    private static partial void LogAckFailed(ILogger logger, string topic, string reason);
}

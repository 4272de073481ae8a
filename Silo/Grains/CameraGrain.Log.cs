using EdgeVision.Contracts.Telemetry;
using EdgeVision.Inference.Control;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Silo.Grains;

internal sealed partial class CameraGrain
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {Camera} activated on silo {Silo} with model {Model}")]
    private static partial void LogActivated(ILogger logger, string camera, string silo, string model);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Camera {Camera} already has sequence {SequenceNumber}: duplicate, no second result")]
    private static partial void LogDuplicate(ILogger logger, string camera, long sequenceNumber);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Camera {Camera} dropped a sequence ({Reason}): {Detail}")]
    private static partial void LogDropped(ILogger logger, string camera, DropReason reason, string? detail);

    [LoggerMessage(Level = LogLevel.Error, Message = "Camera {Camera} failed to process sequence {SequenceNumber}")]
    private static partial void LogProcessingFailed(ILogger logger, Exception exception, string camera, long sequenceNumber);

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera {Camera} adapted ({Action}): {Previous} -> {Next} because {Reason}")]
    private static partial void LogAdapted(ILogger logger, string camera, AdaptiveAction action, AdaptiveSettings previous, AdaptiveSettings next, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {Camera} counted {Count} sequences as lost: an earlier activation accepted them and ended before finishing them (sequences {Sequences})")]
    private static partial void LogLost(ILogger logger, string camera, int count, string sequences);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {Camera} could not record sequence {SequenceNumber} as pending and refused it")]
    private static partial void LogRecordFailed(ILogger logger, Exception exception, string camera, long sequenceNumber);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera {Camera} deactivated with {Pending} sequences unfinished and {Recorded} recorded as pending ({Detail}); the next activation counts those recorded as lost")]
    private static partial void LogDeactivatedWithPending(ILogger logger, string camera, int pending, int recorded, string detail);
}

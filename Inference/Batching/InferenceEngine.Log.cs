using EdgeVision.Contracts.Telemetry;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Inference.Batching;

public sealed partial class InferenceEngine
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Inference engine started: batches up to {MaxBatchSize}, target latency {TargetLatencyMs} ms, at most {MaxPending} pending")]
    private static partial void LogStarted(ILogger logger, int maxBatchSize, double targetLatencyMs, int maxPending);

    [LoggerMessage(Level = LogLevel.Information, Message = "Inference engine stopped")]
    private static partial void LogStopped(ILogger logger);

    [LoggerMessage(Level = LogLevel.Error, Message = "Forward pass of a batch of {Size} ({Group}) failed; its requests are dropped as invalid")]
    private static partial void LogBatchFailed(ILogger logger, Exception exception, int size, string group);

    [LoggerMessage(Level = LogLevel.Critical, Message = "The inference loop failed unexpectedly; it goes on")]
    private static partial void LogLoopFailed(ILogger logger, Exception exception);

    [LoggerMessage(Level = LogLevel.Debug, Message = "Dropped a sequence of {Camera} ({Reason}): {Detail}")]
    private static partial void LogDropped(ILogger logger, string camera, DropReason reason, string detail);
}

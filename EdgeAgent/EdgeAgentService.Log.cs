using Microsoft.Extensions.Logging;

namespace EdgeVision.EdgeAgent;

public sealed partial class EdgeAgentService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Edge agent {Site}/{Camera} streaming {Source} to {Topic}")]
    private static partial void LogStarted(ILogger logger, string site, string camera, string source, string topic);

    [LoggerMessage(Level = LogLevel.Information, Message = "Start environment: {Settings}")]
    private static partial void LogStartEnvironment(ILogger logger, string settings);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Start environment: {Settings}: the agent's memory levels off higher than it needs to, or keeps growing (docs/edge.md, Memory); set {Recommended} in its environment")]
    private static partial void LogStartEnvironmentMissed(ILogger logger, string settings, string recommended);

    [LoggerMessage(Level = LogLevel.Information, Message = "Garbage collector: {Mode}, young generation collected every {Gen0BudgetMiB} MiB allocated at most")]
    private static partial void LogGarbageCollector(ILogger logger, string mode, double gen0BudgetMiB);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Garbage collector: {Mode}, young generation collected every {Gen0BudgetMiB} MiB allocated at most: resident memory grows by about that much over the first minutes before it levels off; {Variable}={Recommended} in the agent's environment keeps it to 4-6 MiB (docs/edge.md, Memory)")]
    private static partial void LogLargeGen0(ILogger logger, string mode, double gen0BudgetMiB, string variable, string recommended);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The source finished ({Status}); every sequence is delivered, stopping the agent")]
    private static partial void LogSourceFinished(ILogger logger, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Edge agent stopped (queue flushed: {Flushed}): {Assembled} sequences assembled, {Published} published, {Dropped} dropped")]
    private static partial void LogStopped(ILogger logger, bool flushed, long assembled, long published, long dropped);
}

using Microsoft.Extensions.Logging;

namespace EdgeVision.EdgeAgent;

public sealed partial class EdgeAgentService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "Edge agent {Site}/{Camera} streaming {Source} to {Topic}")]
    private static partial void LogStarted(ILogger logger, string site, string camera, string source, string topic);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The source finished ({Status}); every sequence is delivered, stopping the agent")]
    private static partial void LogSourceFinished(ILogger logger, string status);

    [LoggerMessage(Level = LogLevel.Information, Message = "Edge agent stopped (queue flushed: {Flushed}): {Assembled} sequences assembled, {Published} published, {Dropped} dropped")]
    private static partial void LogStopped(ILogger logger, bool flushed, long assembled, long published, long dropped);
}

using MQTTnet.Diagnostics.Logger;

namespace EdgeVision.Broker;

/// <summary>Routes MQTTnet's internal log (listener errors, protocol violations) into Microsoft.Extensions.Logging.</summary>
internal sealed partial class MqttNetLoggerAdapter(ILogger logger) : IMqttNetLogger
{
    public bool IsEnabled => logger.IsEnabled(LogLevel.Debug);

    public void Publish(MqttNetLogLevel logLevel, string? source, string? message, object?[]? parameters, Exception? exception)
    {
        // MQTTnet's Info level is per connection and per packet: debug material for us.
        var level = logLevel switch
        {
            MqttNetLogLevel.Error => LogLevel.Error,
            MqttNetLogLevel.Warning => LogLevel.Warning,
            MqttNetLogLevel.Info => LogLevel.Debug,
            _ => LogLevel.Trace,
        };

        if (!logger.IsEnabled(level))
        {
            return;
        }

        var text = parameters is { Length: > 0 } && message is not null
            ? string.Format(System.Globalization.CultureInfo.InvariantCulture, message, parameters)
            : message ?? "";
        Log(logger, level, source ?? "", text, exception);
    }

    [LoggerMessage(Message = "MQTTnet {Source}: {Text}")]
    private static partial void Log(ILogger logger, LogLevel level, string source, string text, Exception? exception);
}

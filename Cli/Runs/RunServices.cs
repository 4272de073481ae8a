using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Cli.Runs;

/// <summary>
/// Metrics and logging for one run, as the silo and edge get them from their hosts: a meter factory and loggers
/// that write to standard error (warnings and errors; everything from Information with --verbose).
/// </summary>
internal sealed class RunServices : IDisposable
{
    private readonly ServiceProvider _provider;

    private RunServices(ServiceProvider provider)
    {
        _provider = provider;
        Meters = provider.GetRequiredService<IMeterFactory>();
        Loggers = provider.GetRequiredService<ILoggerFactory>();
    }

    public IMeterFactory Meters { get; }

    public ILoggerFactory Loggers { get; }

    public static RunServices Create(Verbosity verbosity, TextWriter error)
    {
        var services = new ServiceCollection();
        services.AddMetrics();
        services.AddLogging(logging => logging
            .SetMinimumLevel(verbosity == Verbosity.Verbose ? LogLevel.Information : LogLevel.Warning)
            .AddProvider(new TextWriterLoggerProvider(error)));
        return new RunServices(services.BuildServiceProvider());
    }

    public ILogger<T> Logger<T>() => Loggers.CreateLogger<T>();

    public void Dispose() => _provider.Dispose();
}

using EdgeVision.Inference.Batching;
using EdgeVision.Silo.Clustering;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace EdgeVision.Silo.Grains;

/// <summary>
/// Applies <c>Silo:InferenceEngine:ExtraForwardMs</c> to the running engine whenever the configuration reloads (an edited
/// appsettings file): a load test can make the model slower and fast again without restarting the silo. A value that
/// does not validate is logged, naming the key, and the engine keeps the one it has.
/// </summary>
internal sealed partial class ExtraForwardTimeFollower(
    IConfiguration configuration, IServiceProvider services, IOptions<SiloClusterOptions> cluster, ILogger<ExtraForwardTimeFollower> logger)
    : IHostedService, IDisposable
{
    private const string Key = SiloConfiguration.InferenceEngine + ":" + nameof(InferenceEngineOptions.ExtraForwardMs);

    private IDisposable? _subscription;
    private InferenceEngine? _engine;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!cluster.Value.HostsInference)
        {
            return Task.CompletedTask;
        }

        _engine = services.GetRequiredService<InferenceEngine>();
        _subscription = ChangeToken.OnChange(configuration.GetReloadToken, Apply);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public void Dispose() => _subscription?.Dispose();

    /// <summary>Reads the key and applies it when it is valid and changed.</summary>
    internal void Apply()
    {
        if (_engine is not { } engine)
        {
            return;
        }

        var options = new InferenceEngineOptions();
        IReadOnlyList<string> problems;
        try
        {
            ValidatedOptionsExtensions.BindSection(configuration.GetSection(SiloConfiguration.InferenceEngine), options);
            problems = options.Validate(SiloConfiguration.InferenceEngine).Where(p => p.StartsWith(Key, StringComparison.Ordinal)).ToList();
        }
        catch (InvalidOperationException e)
        {
            problems = [e.Message];
        }

        if (problems.Count > 0)
        {
            LogRejected(logger, Key, string.Join(" ", problems), engine.ExtraForwardTime.TotalMilliseconds);
            return;
        }

        var extra = TimeSpan.FromMilliseconds(options.ExtraForwardMs);
        if (extra != engine.ExtraForwardTime)
        {
            engine.ExtraForwardTime = extra;
            LogApplied(logger, Key, extra.TotalMilliseconds);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Key} is now {ExtraMs} ms: every forward pass takes that much longer")]
    private static partial void LogApplied(ILogger logger, string key, double extraMs);

    [LoggerMessage(Level = LogLevel.Error, Message = "Reloaded configuration rejected for {Key}: {Problems} The engine keeps {ExtraMs} ms")]
    private static partial void LogRejected(ILogger logger, string key, string problems, double extraMs);
}

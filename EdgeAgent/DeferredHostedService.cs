using Microsoft.Extensions.Hosting;

namespace EdgeVision.EdgeAgent;

/// <summary>
/// Builds a hosted service when the host starts rather than when it resolves its hosted services. The generic host
/// resolves every <see cref="IHostedService"/> before it runs the options startup validators, so a service whose
/// constructor reads options would report only the first bad section; deferred, every bad key is reported at once.
/// </summary>
internal sealed class DeferredHostedService<TService>(Func<TService> create) : IHostedService where TService : IHostedService
{
    private TService? _service;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _service = create();
        return _service.StartAsync(cancellationToken);
    }

    public Task StopAsync(CancellationToken cancellationToken) =>
        _service is { } service ? service.StopAsync(cancellationToken) : Task.CompletedTask;
}

using System.Collections.Immutable;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Catalog;
using EdgeVision.Silo.Grains;
using EdgeVision.Silo.Health;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;
using SiloStatus = EdgeVision.Contracts.Wire.Json.SiloStatus;

namespace EdgeVision.Silo.Status;

/// <summary>
/// Puts the silo's status together: the cameras hosted here (<see cref="CameraStallTracker"/>, with each one's latest model
/// from <see cref="SiloActivity"/>), the batch sizes run since the previous status, the engine's queue depth and batch limit,
/// the catalog's models and the silo's health checks.
/// </summary>
public sealed class SiloStatusSource(
    SiloIdentity identity,
    SiloActivity activity,
    CameraStallTracker stalls,
    IInferenceEngine engine,
    IModelCatalog catalog,
    HealthCheckService health,
    IOptions<SiloStatusOptions> options,
    TimeProvider time)
{
    private const int MaxHealthDetail = 512;

    private readonly SiloStatusOptions _options = options.Value;

    public SiloIdentity Identity => identity;

    /// <summary>The status now; the batch sizes it reports are counted again from zero.</summary>
    public async Task<SiloStatus> TakeAsync(CancellationToken cancellationToken)
    {
        var (state, detail) = await HealthAsync(cancellationToken);
        var tracked = stalls.Cameras();
        activity.Retain(tracked.Select(c => c.Camera).ToHashSet(StringComparer.Ordinal));
        var cameras = tracked
            .Select(c => CameraKey.TryParse(c.Camera, out var site, out var camera)
                ? (activity.Latest(c.Camera) ?? new SiloCamera(site, camera, false)) with { Stalled = c.Stalled }
                : null)
            .OfType<SiloCamera>()
            .ToImmutableArray();
        return new SiloStatus(identity.Id, SiloState.Online, identity.Address, identity.StartedAt, time.GetUtcNow(), _options.IntervalSeconds,
            state, engine.QueueDepth, engine.CurrentMaxBatchSize, [.. activity.TakeBatchSizes()], Models(), cameras, HealthDetail: detail);
    }

    /// <summary>The status the broker publishes if the silo vanishes (its last will), or the silo when it stops.</summary>
    public SiloStatus Offline(string reason) =>
        new(identity.Id, SiloState.Offline, identity.Address, identity.StartedAt, time.GetUtcNow(), _options.IntervalSeconds, SiloHealth.Unhealthy,
            0, 0, [], [], [], reason);

    private ImmutableArray<SiloModel> Models()
    {
        var models = ImmutableArray.CreateBuilder<SiloModel>();
        foreach (var key in catalog.Keys.Order(StringComparer.Ordinal))
        {
            try
            {
                var model = catalog.Describe(key);
                models.Add(new SiloModel(model.Key, model.Kind, model.Version, model.Device));
            }
            catch (ArgumentException)
            {
                // Removed between Keys and Describe: not served any more.
            }
        }

        return models.ToImmutable();
    }

    private async Task<(SiloHealth State, string? Detail)> HealthAsync(CancellationToken cancellationToken)
    {
        var report = await health.CheckHealthAsync(cancellationToken);
        var state = report.Status switch
        {
            HealthStatus.Healthy => SiloHealth.Healthy,
            HealthStatus.Degraded => SiloHealth.Degraded,
            _ => SiloHealth.Unhealthy,
        };
        if (state == SiloHealth.Healthy)
        {
            return (state, null);
        }

        var detail = string.Join("; ", report.Entries
            .Where(entry => entry.Value.Status != HealthStatus.Healthy)
            .Select(entry => $"{entry.Key}: {entry.Value.Description ?? entry.Value.Status.ToString()}"));
        return (state, detail.Length <= MaxHealthDetail ? detail : detail[..(MaxHealthDetail - 1)] + "…");
    }
}

using System.Globalization;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeVision.Silo.Health;

/// <summary>
/// Readiness of the silo's cameras (<c>/health</c>): degraded while any camera hosted here is stalled (its sequences
/// keep arriving and none produced a result for <c>Silo:Cameras:StallSeconds</c>), naming each and what became of its
/// sequences; the data holds one entry per stalled camera (seconds without a result).
/// </summary>
internal sealed class CameraStallHealthCheck(CameraStallTracker stalls) : IHealthCheck
{
    public const string Name = "silo-cameras";

    public Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        var stalled = stalls.Stalled();
        if (stalled.Count == 0)
        {
            return Task.FromResult(HealthCheckResult.Healthy("Every camera that sends sequences gets results"));
        }

        var data = stalled.ToDictionary(s => s.Camera, s => (object)Math.Round(s.WithoutResult.TotalSeconds, 1), StringComparer.Ordinal);
        var description = string.Create(CultureInfo.InvariantCulture,
            $"{stalled.Count} camera(s) stalled (sequences arriving, no result for {stalls.StallAfter.TotalSeconds:0.#} s or more): {string.Join("; ", stalled.Select(s => $"{s.Camera} {s.Summary}"))}");
        return Task.FromResult(HealthCheckResult.Degraded(description, data: data));
    }
}

using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Dashboard.Cluster;
using EdgeVision.Dashboard.State;

namespace EdgeVision.Dashboard.Pages;

/// <summary>
/// The cluster page's content: each silo (trouble first: offline, silent, degraded, then by id) with the cameras it serves,
/// each camera joined with what the Dashboard knows of it, and the cameras no online silo reports serving.
/// </summary>
public sealed record ClusterView(DateTimeOffset GeneratedAt, IReadOnlyList<ClusterSilo> Silos, IReadOnlyList<CameraSnapshot> Unserved)
{
    public static ClusterView Of(IReadOnlyList<SiloSnapshot> silos, DashboardSnapshot cameras)
    {
        ArgumentNullException.ThrowIfNull(silos);
        ArgumentNullException.ThrowIfNull(cameras);
        var known = cameras.Cameras.ToDictionary(c => new CameraId(c.Site, c.Camera));
        var shown = silos
            .Select(silo => new ClusterSilo(silo, ConcernOf(silo),
                [.. silo.Status.Cameras.Select(c => new ClusterCamera(c, known.GetValueOrDefault(new CameraId(c.Site, c.Camera)), ConcernOf(c, known.GetValueOrDefault(new CameraId(c.Site, c.Camera)))))
                    .OrderBy(c => c.Concern).ThenBy(c => c.Served.Site, StringComparer.Ordinal).ThenBy(c => c.Served.Camera, StringComparer.Ordinal)]))
            .OrderBy(s => s.Concern)
            .ThenBy(s => s.Silo.Status.SiloId, StringComparer.Ordinal)
            .ToArray();
        var served = silos
            .Where(s => s.Status.State == SiloState.Online && !s.Silent)
            .SelectMany(s => s.Status.Cameras)
            .Select(c => new CameraId(c.Site, c.Camera))
            .ToHashSet();
        var unserved = cameras.Cameras
            .Where(c => c.State == CameraLiveness.Online && !served.Contains(new CameraId(c.Site, c.Camera)))
            .ToArray();
        return new ClusterView(cameras.GeneratedAt, shown, unserved);
    }

    public static SiloConcern ConcernOf(SiloSnapshot silo)
    {
        ArgumentNullException.ThrowIfNull(silo);
        return silo.Status.State == SiloState.Offline ? SiloConcern.Offline
            : silo.Silent ? SiloConcern.Silent
            : silo.Status.Health != SiloHealth.Healthy || silo.Status.Cameras.Any(c => c.Stalled) ? SiloConcern.Degraded
            : SiloConcern.Healthy;
    }

    /// <summary>The silo's word that the camera is stalled counts as much as the Dashboard's own view of it.</summary>
    public static CameraConcern ConcernOf(SiloCamera served, CameraSnapshot? camera)
    {
        ArgumentNullException.ThrowIfNull(served);
        var seen = camera is null ? CameraConcern.NoResults : Overview.ConcernOf(camera);
        return served.Stalled && seen > CameraConcern.Stalled ? CameraConcern.Stalled : seen;
    }

    public static string Name(SiloConcern concern) => concern.ToString().ToLowerInvariant();
}

using EdgeVision.Contracts.Telemetry;
using EdgeVision.Dashboard.State;

namespace EdgeVision.Dashboard.Pages;

/// <summary>
/// The overview's cameras: those of the chosen site and concern, trouble first (offline, stalled, degraded, no
/// results), then by site and camera.
/// </summary>
/// <param name="Shown">The cameras that pass the filters, in the order shown.</param>
/// <param name="Sites">Every site known, for the site filter.</param>
/// <param name="Site">The site filter; null for all.</param>
/// <param name="Filter">The state filter: <c>all</c>, <c>trouble</c> or one <see cref="CameraConcern"/> by its <see cref="Name"/>.</param>
public sealed record Overview(
    DashboardSnapshot Snapshot,
    IReadOnlyList<CameraSnapshot> Shown,
    IReadOnlyList<string> Sites,
    string? Site,
    string Filter)
{
    public const string All = "all";

    public const string Trouble = "trouble";

    /// <summary>The state filter's choices, in the order the page offers them.</summary>
    public static IReadOnlyList<string> Filters { get; } =
        [All, Trouble, .. Enum.GetValues<CameraConcern>().Select(Name)];

    public static Overview Of(DashboardSnapshot snapshot, string? site, string? filter)
    {
        var chosen = Filters.Contains(filter ?? "") ? filter! : All;
        var chosenSite = string.IsNullOrEmpty(site) ? null : site;
        var shown = snapshot.Cameras
            .Where(c => chosenSite is null || c.Site == chosenSite)
            .Select(c => (Camera: c, Concern: ConcernOf(c)))
            .Where(c => chosen == All || (chosen == Trouble ? c.Concern != CameraConcern.Healthy : Name(c.Concern) == chosen))
            .OrderBy(c => c.Concern)
            .ThenBy(c => c.Camera.Site, StringComparer.Ordinal)
            .ThenBy(c => c.Camera.Camera, StringComparer.Ordinal)
            .Select(c => c.Camera)
            .ToArray();
        var sites = snapshot.Cameras.Select(c => c.Site).Distinct().Order(StringComparer.Ordinal).ToArray();
        return new Overview(snapshot, shown, sites, chosenSite, chosen);
    }

    public static CameraConcern ConcernOf(CameraSnapshot camera)
    {
        ArgumentNullException.ThrowIfNull(camera);
        if (camera.State == CameraLiveness.Offline)
        {
            return CameraConcern.Offline;
        }

        if (camera.Stalled)
        {
            return CameraConcern.Stalled;
        }

        if (camera.Latest is not { } latest)
        {
            return CameraConcern.NoResults;
        }

        var overTarget = camera.LatencyBound is { } bound && bound.Cause != LatencyCause.WithinTarget;
        var belowNominal = camera.Nominal is { } nominal
            && (latest.AdaptiveState.Width * latest.AdaptiveState.Height < nominal.Width * nominal.Height || latest.AdaptiveState.FrameSkip > nominal.FrameSkip);
        var dropping = camera.Drops is { Recent: > 0 };
        return overTarget || belowNominal || dropping ? CameraConcern.Degraded : CameraConcern.Healthy;
    }

    /// <summary><see cref="CameraConcern.NoResults"/> becomes <c>no-results</c>.</summary>
    public static string Name(CameraConcern concern) => concern switch
    {
        CameraConcern.NoResults => "no-results",
        _ => concern.ToString().ToLowerInvariant(),
    };
}

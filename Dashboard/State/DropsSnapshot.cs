namespace EdgeVision.Dashboard.State;

/// <summary>
/// The sequences of one camera that silos dropped (their notices on <c>edgevision/{site}/{camera}/drops</c>): recently, which
/// marks the camera on the overview, and since the Dashboard began following it.
/// </summary>
/// <param name="Recent">Sequences dropped in the last <paramref name="RecentSeconds"/> (whole chart buckets).</param>
/// <param name="RecentByReason">Those by reason tag, most first; only reasons with any.</param>
/// <param name="Total">Sequences dropped since the Dashboard began following the camera.</param>
/// <param name="LastReason">The latest notice's reason tag.</param>
/// <param name="LastAt">When the latest notice arrived.</param>
public sealed record DropsSnapshot(
    int Recent,
    int RecentSeconds,
    IReadOnlyList<DropCount> RecentByReason,
    long Total,
    string LastReason,
    DateTimeOffset LastAt);

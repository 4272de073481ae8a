namespace EdgeVision.Dashboard.State;

/// <summary>Everything the dashboard knows about one camera at one instant (a card on the page, an entry of <c>/api/cameras</c>).</summary>
/// <param name="Stalled">Online, yet no result for longer than <c>Dashboard:StaleAfterSeconds</c> (or none at all).</param>
/// <param name="Recent">The kept results, newest first.</param>
/// <param name="ResultsPerSecond">Results received per second over <c>Dashboard:RateWindowSeconds</c>.</param>
/// <param name="SecondsSinceLastResult">Null before the first result.</param>
/// <param name="Accuracy">Running top-1 accuracy against the results' true labels; null for a camera whose results carried none.</param>
/// <param name="Nominal">The camera's configured size and frame skip, from its status; null when the edge does not announce them.</param>
/// <param name="LatencyBound">The silo's latest latency report (what the latency is bound by); null before the first.</param>
/// <param name="PreviewVersion">Changes with each preview received (<c>/cameras/{site}/{camera}/preview.jpg?v=</c> it); null without one.</param>
/// <param name="PreviewAt">When the latest preview arrived; null without one.</param>
/// <param name="Drops">Sequences the silos dropped, recently and in all; null while none has been.</param>
/// <param name="ExpectedAccuracy">Top-1 accuracy expected at the settings in force: from the newer of the last control message and latency report; null when unknown.</param>
public sealed record CameraSnapshot(
    string Site,
    string Camera,
    CameraLiveness State,
    string? AgentVersion,
    string? StatusReason,
    DateTimeOffset? StatusAt,
    bool Stalled,
    ResultSnapshot? Latest,
    IReadOnlyList<ResultSnapshot> Recent,
    LatencyStats Latency,
    double ResultsPerSecond,
    long ResultCount,
    double? SecondsSinceLastResult,
    ControlSnapshot? LastControl,
    AccuracySnapshot? Accuracy,
    Contracts.Wire.NominalSettings? Nominal = null,
    LatencyBoundSnapshot? LatencyBound = null,
    double? ExpectedAccuracy = null,
    long? PreviewVersion = null,
    DateTimeOffset? PreviewAt = null,
    DropsSnapshot? Drops = null);

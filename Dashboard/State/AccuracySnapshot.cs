namespace EdgeVision.Dashboard.State;

/// <summary>
/// A camera's running top-1 accuracy against the true labels its results carry (cameras whose source has ground truth,
/// such as the synthetic scenes); a camera without any has none.
/// </summary>
/// <param name="RecentSamples">Results with a true label among the kept ones (the last <c>Dashboard:HistorySize</c>).</param>
/// <param name="RecentTop1">The fraction of those whose top label was the true one; null when none of the kept results had a true label.</param>
/// <param name="TotalSamples">Results with a true label since the dashboard began following the camera.</param>
/// <param name="TotalTop1">The fraction of those whose top label was the true one.</param>
public sealed record AccuracySnapshot(int RecentSamples, double? RecentTop1, long TotalSamples, double TotalTop1);

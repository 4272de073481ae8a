using EdgeVision.Testing;

namespace EdgeVision.Benchmarks.Soak;

/// <summary>One scrape of an edge agent's <c>/metrics</c>: what its publisher and its ledger had counted by then.</summary>
internal sealed record EdgeTally(
    DateTimeOffset At,
    double Published,
    double Outstanding,
    double Republished,
    IReadOnlyDictionary<string, double> Resolved,
    IReadOnlyDictionary<string, double> SequencesDropped,
    double LedgerRejected,
    double ControlRejected)
{
    public static EdgeTally From(MultiProcessMetrics metrics, DateTimeOffset at) => new(
        at,
        metrics.Sum("edgevision_edge_sequences_published_total"),
        metrics.Sum("edgevision_edge_ledger_outstanding"),
        metrics.Sum("edgevision_edge_ledger_republished_total"),
        metrics.By("edgevision_edge_ledger_resolved_total", "outcome"),
        metrics.By("edgevision_edge_sequences_dropped_total", "reason"),
        metrics.Sum("edgevision_edge_ledger_rejected_total"),
        metrics.Sum("edgevision_edge_control_rejected_total"));

    public double NoResult => Resolved.GetValueOrDefault("no_result");
}

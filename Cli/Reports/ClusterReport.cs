using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>How a <c>--cluster</c> run reached the running system and how the edge's ledger settled its sequences.</summary>
[Description("A --cluster run: sequences published over MQTT as an edge agent, each settled by the edge's ledger from the camera's results and drops topics. "
             + "published = resultsMatched + siloDroppedTotal + noResult + republishDropped (reconciled). "
             + "Latencies are measured from capture to the result's arrival here; queueWait is the silo's end-to-end time less its forward pass "
             + "(transport to the silo, decoding and queueing); batch sizes are those the results report; the settings' latency budget is the one given "
             + "to this command (the silo applies its own Inference section).")]
public sealed record ClusterReport(
    [property: Description("The broker, host:port.")] string Broker,
    [property: Description("Whether the connection used TLS.")] bool Tls,
    [property: Description("Site id the sequences were published under.")] string Site,
    [property: Description("Camera id the sequences were published as.")] string Camera,
    [property: Description("Topic the sequences were published to.")] string SequencesTopic,
    [property: Description("Topic the results were read from.")] string ResultsTopic,
    [property: Description("Topic the silos' drop notices were read from.")] string DropsTopic,
    [property: Description("Frames on the wire: Jpeg or Rgb24.")] string PixelFormat,
    [property: Description("Sequences the broker acknowledged (QoS 1), each counted once however often it was published.")] long Published,
    [property: Description("Sequences published a second time (same sequence number) because neither a result nor a drop notice came within resultTimeoutSeconds.")] long Republished,
    [property: Description("Sequences settled by their result: equals sequences.completed.")] long ResultsMatched,
    [property: Description("Sequences settled by a silo's drop notice, by the notice's reason (stale, overload, invalid, lost, ...); reasons without a notice are left out. "
                           + "They are in sequences.dropped under the same reasons.")] IReadOnlyDictionary<string, long> SiloDropped,
    [property: Description("Sum of siloDropped.")] long SiloDroppedTotal,
    [property: Description("Sequences that got neither a result nor a drop notice within resultTimeoutSeconds of being published, nor of being republished "
                           + "(or whose bytes were no longer kept for a republish): sequences.dropped.no_result.")] long NoResult,
    [property: Description("Sequences the edge publisher dropped, by reason (offline_queue_full, invalid: refused by the broker or not encodable, shutdown: still "
                           + "queued when the run stopped it); reasons without a drop are left out.")] IReadOnlyDictionary<string, long> PublisherDropped,
    [property: Description("Of publisherDropped, sequences published once whose republish the publisher dropped.")] long RepublishDropped,
    [property: Description("True when published = resultsMatched + siloDroppedTotal + noResult + republishDropped.")] bool Reconciled,
    [property: Description("Results and drop notices for this camera that settled nothing (a copy of an outcome already counted, another run's sequence); ignored.")] long Unmatched,
    [property: Description("Messages on the results and drops topics that did not decode or named another camera; ignored.")] long Rejected,
    [property: Description("Seconds each sequence's outcome was awaited after the broker acknowledged it, and again after its republish (--result-timeout).")] double ResultTimeoutSeconds,
    [property: Description("Control messages from the silo applied to the stream (frame skip, fps, resolution).")] long ControlApplied,
    [property: Description("Control messages rejected (malformed, for another camera, unsupported settings).")] long ControlRejected,
    [property: Description("Models that served the results, as 'name version'.")] IReadOnlyList<string> Models,
    [property: Description("The silos' own count of this camera's drops during the run, by reason, read from --silo-metrics (edgevision_silo_dropped_total) "
                           + "before and after: a cross-check of siloDropped. Null without --silo-metrics or when an endpoint could not be read.")]
    IReadOnlyDictionary<string, long>? SiloMetricsDropped = null);

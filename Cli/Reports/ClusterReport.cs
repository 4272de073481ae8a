using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>How a <c>--cluster</c> run reached the running system and matched its results.</summary>
[Description("A --cluster run: sequences published over MQTT as an edge agent, results read from the camera's results topic. "
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
    [property: Description("Frames on the wire: Jpeg or Rgb24.")] string PixelFormat,
    [property: Description("Sequences the broker acknowledged (QoS 1).")] long Published,
    [property: Description("Results matched to a sequence of this run (camera and sequence number): equals sequences.completed.")] long ResultsMatched,
    [property: Description("Results for sequence numbers this run did not send or had already settled (ignored).")] long ResultsUnmatched,
    [property: Description("Messages on the results topic that were not valid result JSON (ignored).")] long ResultsUndecodable,
    [property: Description("Seconds results were awaited after the last sequence was delivered (--result-timeout); what was still missing then is dropped as no_result.")] double ResultTimeoutSeconds,
    [property: Description("Control messages from the silo applied to the stream (frame skip, fps, resolution).")] long ControlApplied,
    [property: Description("Control messages rejected (malformed, for another camera, unsupported settings).")] long ControlRejected,
    [property: Description("Models that served the results, as 'name version'.")] IReadOnlyList<string> Models,
    [property: Description("The silo's drops of this camera during the run, by reason (stale, overload, invalid, lost), read from --silo-metrics "
                           + "before and after; they explain no_result. Null without --silo-metrics or when an endpoint could not be read.")]
    IReadOnlyDictionary<string, long>? SiloDropped = null);

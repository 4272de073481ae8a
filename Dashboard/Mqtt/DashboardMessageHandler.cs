using System.Buffers;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Dashboard.Cluster;
using EdgeVision.Dashboard.State;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeVision.Dashboard.Mqtt;

/// <summary>
/// Turns one MQTT message into a store update, or rejects it with a bounded reason: counted
/// (<c>edgevision.dashboard.messages.rejected</c>), logged at most once per reason per interval, never thrown.
/// </summary>
public sealed partial class DashboardMessageHandler
{
    private const int MaxTopicInLog = 200;

    private readonly CameraStore _store;
    private readonly SiloStore _silos;
    private readonly MessageStats _stats;
    private readonly DashboardInstruments _instruments;
    private readonly TimeProvider _time;
    private readonly ILogger<DashboardMessageHandler> _logger;
    private readonly LogRateLimiter _logLimiter;
    private readonly int _maxBytes;
    private readonly int _maxPreviewBytes;

    public DashboardMessageHandler(
        CameraStore store,
        SiloStore silos,
        MessageStats stats,
        DashboardInstruments instruments,
        IOptions<DashboardOptions> options,
        TimeProvider time,
        ILogger<DashboardMessageHandler> logger)
    {
        _store = store;
        _silos = silos;
        _stats = stats;
        _instruments = instruments;
        _time = time;
        _logger = logger;
        _logLimiter = new LogRateLimiter(time, TimeSpan.FromSeconds(10));
        _maxBytes = options.Value.MaxMessageBytes;
        _maxPreviewBytes = options.Value.MaxPreviewBytes;
    }

    /// <summary>True when the message was applied; false when it was rejected (and counted).</summary>
    public bool Handle(string topic, ReadOnlySequence<byte> payload)
    {
        if (MqttTopics.TryParseSiloStatus(topic, out var siloId))
        {
            return HandleSiloStatus(topic, siloId, payload);
        }

        if (!MqttTopics.TryParse(topic, out var parsed) || parsed.Kind == TopicKind.Sequences)
        {
            return Reject(topic, "unknown", RejectionReasons.UnknownTopic,
                "The topic is neither edgevision/{site}/{camera}/{results|status|control|latency|drops|preview} nor edgevision/_silos/{siloId}.");
        }

        var kind = MqttTopics.Segment(parsed.Kind);
        if (parsed.Kind == TopicKind.Preview)
        {
            return HandlePreview(topic, kind, parsed, payload);
        }

        if (payload.Length > _maxBytes)
        {
            // Checked before copying: an oversized payload is never materialised.
            return Reject(topic, kind, RejectionReasons.Tag(DecodeFailureReason.Oversized), $"Payload is {payload.Length} bytes; Dashboard:MaxMessageBytes is {_maxBytes}.");
        }

        var bytes = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        return parsed.Kind switch
        {
            TopicKind.Results => Apply(topic, kind, parsed, JsonMessageCodec.TryDecodeInferenceResult(bytes, _maxBytes), r => (r.Site, r.Camera), _store.TryApply),
            TopicKind.Status => Apply(topic, kind, parsed, JsonMessageCodec.TryDecodeCameraStatus(bytes, _maxBytes), s => (s.Site, s.Camera), _store.TryApply),
            TopicKind.Latency => Apply(topic, kind, parsed, JsonMessageCodec.TryDecodeLatencyReport(bytes, _maxBytes), l => (l.Site, l.Camera), _store.TryApply),
            TopicKind.Drops => Apply(topic, kind, parsed, JsonMessageCodec.TryDecodeDropNotice(bytes, _maxBytes), d => (d.Site, d.Camera), _store.TryApply),
            _ => Apply(topic, kind, parsed, JsonMessageCodec.TryDecodeControlMessage(bytes, _maxBytes), c => (c.Site, c.Camera), _store.TryApply),
        };
    }

    /// <summary>A JPEG, checked for its size and its start and end markers (not decoded: the browser does that); empty clears the preview.</summary>
    private bool HandlePreview(string topic, string kind, CameraTopic parsed, ReadOnlySequence<byte> payload)
    {
        if (payload.Length > _maxPreviewBytes)
        {
            return Reject(topic, kind, RejectionReasons.Tag(DecodeFailureReason.Oversized), $"Preview is {payload.Length} bytes; Dashboard:MaxPreviewBytes is {_maxPreviewBytes}.");
        }

        byte[]? jpeg = null;
        if (!payload.IsEmpty)
        {
            jpeg = payload.ToArray();
            if (!IsJpeg(jpeg))
            {
                return Reject(topic, kind, RejectionReasons.Tag(DecodeFailureReason.Malformed), $"Preview of {jpeg.Length} bytes is not a JPEG (no SOI at its start or no EOI at its end).");
            }
        }

        if (!_store.TryApplyPreview(new CameraId(parsed.Site, parsed.Camera), jpeg))
        {
            return Reject(topic, kind, RejectionReasons.CameraLimit, $"A new camera while Dashboard:MaxCameras ({_store.Count}) are already tracked.");
        }

        return Accepted(kind);
    }

    private bool HandleSiloStatus(string topic, string siloId, ReadOnlySequence<byte> payload)
    {
        const string kind = MessageStats.SiloStatusKind;
        if (payload.IsEmpty)
        {
            // An empty retained message clears the topic: the silo is gone for good.
            _silos.Remove(siloId);
            return Accepted(kind);
        }

        if (payload.Length > _maxBytes)
        {
            return Reject(topic, kind, RejectionReasons.Tag(DecodeFailureReason.Oversized), $"Payload is {payload.Length} bytes; Dashboard:MaxMessageBytes is {_maxBytes}.");
        }

        var decoded = JsonMessageCodec.TryDecodeSiloStatus(payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray(), _maxBytes);
        if (!decoded.IsSuccess)
        {
            return Reject(topic, kind, RejectionReasons.Tag(decoded.Failure.Reason), decoded.Failure.Message);
        }

        if (!string.Equals(decoded.Value.SiloId, siloId, StringComparison.Ordinal))
        {
            return Reject(topic, kind, RejectionReasons.TopicMismatch, $"The status names silo {decoded.Value.SiloId} but arrived on {siloId}'s topic.");
        }

        if (!_silos.TryApply(decoded.Value))
        {
            return Reject(topic, kind, RejectionReasons.SiloLimit, $"A new silo while Dashboard:MaxSilos ({_silos.Count}) are already tracked.");
        }

        return Accepted(kind);
    }

    private static bool IsJpeg(byte[] bytes) =>
        bytes.Length >= 4 && bytes[0] == 0xFF && bytes[1] == 0xD8 && bytes[^2] == 0xFF && bytes[^1] == 0xD9;

    private bool Accepted(string kind)
    {
        _instruments.Accepted(kind);
        _stats.Accepted(kind);
        return true;
    }

    private bool Apply<T>(
        string topic, string kind, CameraTopic parsed, DecodeResult<T> decoded, Func<T, (string Site, string Camera)> ids, Func<T, bool> apply)
        where T : class
    {
        if (!decoded.IsSuccess)
        {
            return Reject(topic, kind, RejectionReasons.Tag(decoded.Failure.Reason), decoded.Failure.Message);
        }

        var (site, camera) = ids(decoded.Value);
        if (!string.Equals(site, parsed.Site, StringComparison.Ordinal) || !string.Equals(camera, parsed.Camera, StringComparison.Ordinal))
        {
            return Reject(topic, kind, RejectionReasons.TopicMismatch, $"The message names {site}/{camera} but arrived on {parsed.Site}/{parsed.Camera}'s topic.");
        }

        if (!apply(decoded.Value))
        {
            return Reject(topic, kind, RejectionReasons.CameraLimit, $"A new camera while Dashboard:MaxCameras ({_store.Count}) are already tracked.");
        }

        return Accepted(kind);
    }

    private bool Reject(string topic, string kind, string reason, string detail)
    {
        var shownTopic = topic.Length > MaxTopicInLog ? topic[..MaxTopicInLog] + "…" : topic;
        _instruments.Rejected(kind, reason);
        _stats.Rejected(shownTopic, reason, detail, _time.GetUtcNow());
        if (_logLimiter.ShouldLog(reason, out var suppressed))
        {
            LogRejected(_logger, shownTopic, reason, detail, suppressed);
        }

        return false;
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a message on {Topic}: {Reason}: {Detail} ({Suppressed} more with this reason since the last line)")]
    private static partial void LogRejected(ILogger logger, string topic, string reason, string detail, long suppressed);
}

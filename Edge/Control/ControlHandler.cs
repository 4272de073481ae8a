using System.Buffers;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Publishing;
using EdgeVision.Edge.Streaming;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Edge.Control;

/// <summary>
/// Applies control messages from <c>edgevision/{site}/{camera}/control</c> to a <see cref="VideoStream"/>: target fps,
/// frame skip and resolution change from the next sequence on. A bad message never stops the agent: it is rejected
/// with a <see cref="ControlRejection"/>, counted and logged (rate-limited), and the next one is served.
/// </summary>
public sealed partial class ControlHandler
{
    private static readonly TimeSpan LogInterval = TimeSpan.FromSeconds(10);

    private readonly VideoStream _stream;
    private readonly EdgeIdentity _identity;
    private readonly ILogger _logger;
    private readonly LogRateLimiter _rejectionLog;

    public ControlHandler(VideoStream stream, EdgeIdentity identity, ControlInstruments instruments, TimeProvider time, ILogger<ControlHandler> logger)
    {
        _stream = stream ?? throw new ArgumentNullException(nameof(stream));
        _identity = identity ?? throw new ArgumentNullException(nameof(identity));
        Instruments = instruments ?? throw new ArgumentNullException(nameof(instruments));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _rejectionLog = new LogRateLimiter(time, LogInterval);
    }

    public ControlInstruments Instruments { get; }

    /// <summary>
    /// Raised after settings were requested: the message, the settings now in force from the next sequence boundary,
    /// and the first sequence number certain to carry them (the one being assembled may still use the old ones).
    /// </summary>
    public event Action<ControlMessage, StreamSettings, long>? Applied;

    /// <summary>Decodes and applies one control payload; returns why it was rejected, or null when applied.</summary>
    public ControlRejection? Handle(ReadOnlySequence<byte> payload)
    {
        if (payload.Length > JsonMessageCodec.DefaultMaxBytes)
        {
            return Reject(ControlRejection.Malformed, $"Payload is {payload.Length} bytes; the limit is {JsonMessageCodec.DefaultMaxBytes}.");
        }

        var decoded = payload.IsSingleSegment
            ? JsonMessageCodec.TryDecodeControlMessage(payload.FirstSpan)
            : JsonMessageCodec.TryDecodeControlMessage(payload.ToArray());
        if (!decoded.IsSuccess)
        {
            return Reject(ControlRejection.Malformed, decoded.Failure.ToString());
        }

        var message = decoded.Value;
        if (message.Site != _identity.Site || message.Camera != _identity.Camera)
        {
            return Reject(ControlRejection.WrongCamera, $"addressed to {message.Site}/{message.Camera}, this agent is {_identity.Site}/{_identity.Camera}");
        }

        var info = _stream.GetInfo();
        var current = info.PendingSettings ?? info.Settings;
        var next = current with
        {
            Fps = message.TargetFps ?? current.Fps,
            FrameSkip = message.FrameSkip ?? current.FrameSkip,
            TargetWidth = message.Width ?? current.TargetWidth,
            TargetHeight = message.Height ?? current.TargetHeight,
        };
        if (next.Validate() is { Count: > 0 } problems)
        {
            return Reject(ControlRejection.Unsupported, string.Join(" ", problems));
        }

        // Read before requesting: the sequence in assembly now may keep the old settings, every later one has the new.
        var firstAffected = _stream.Instruments.SequencesAssembled + 1;
        _stream.UpdateSettings(next);
        Instruments.MessageApplied();
        LogApplied(_logger, next, firstAffected, message.Reason);
        Applied?.Invoke(message, next, firstAffected);
        return null;
    }

    private ControlRejection Reject(ControlRejection reason, string detail)
    {
        Instruments.MessageRejected(reason);
        if (_rejectionLog.ShouldLog(ControlInstruments.Tag(reason), out var suppressed))
        {
            LogRejected(_logger, reason, detail, suppressed);
        }

        return reason;
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Control: settings {Settings} apply from sequence {FirstSequence} at the latest ({Reason})")]
    private static partial void LogApplied(ILogger logger, StreamSettings settings, long firstSequence, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Control message rejected ({Reason}): {Detail} ({Suppressed} more since the last such line)")]
    private static partial void LogRejected(ILogger logger, ControlRejection reason, string detail, long suppressed);
}

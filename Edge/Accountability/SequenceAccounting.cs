using System.Buffers;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Publishing;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Edge.Accountability;

/// <summary>
/// Closes the loop for one camera's <see cref="MqttSequencePublisher"/>: the publisher subscribes to the camera's results and
/// drops topics, and a <see cref="SequenceLedger"/> learns each sequence handed over (<see cref="Track"/>, from
/// <see cref="SequenceHandOver"/>), its acknowledgement or the publisher's drop, and its outcome from those topics; it
/// republishes through the publisher. A message on those topics that does not decode is rejected, counted
/// (<c>edgevision.edge.ledger.rejected</c>) and logged (rate-limited); one that settles nothing (a copy of an outcome already
/// counted, another run's sequence) is counted in <see cref="OutcomesUnmatched"/>. The edge agent and the CLI's runs over MQTT
/// account through it.
/// </summary>
public sealed partial class SequenceAccounting : IDisposable
{
    private readonly MqttSequencePublisher _publisher;
    private readonly ILogger<SequenceAccounting> _logger;
    private readonly LogRateLimiter _rejectionLog;
    private long _unmatched;
    private long _rejected;

    /// <summary>Attaches to <paramref name="publisher"/>, which must not be started yet.</summary>
    public SequenceAccounting(MqttSequencePublisher publisher, SequenceLedgerSettings settings, LedgerInstruments instruments, TimeProvider time,
        ILogger<SequenceAccounting> logger)
    {
        _publisher = publisher ?? throw new ArgumentNullException(nameof(publisher));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        Instruments = instruments ?? throw new ArgumentNullException(nameof(instruments));
        _rejectionLog = new LogRateLimiter(time, TimeSpan.FromSeconds(10));
        Ledger = new SequenceLedger(settings, instruments, time, publisher.Republish);
        publisher.ReceiveOutcomes();
        publisher.OutcomeReceived += OnOutcome;
        publisher.SequenceAcknowledged += Ledger.Published;
        publisher.SequenceDropped += OnDroppedAtEdge;
    }

    public SequenceLedger Ledger { get; }

    public LedgerInstruments Instruments { get; }

    /// <summary>Results and drop notices for this camera that settled nothing: a copy of one already counted, or another run's sequence.</summary>
    public long OutcomesUnmatched => Interlocked.Read(ref _unmatched);

    /// <summary>Messages on the camera's results and drops topics that did not decode or named another camera.</summary>
    public long OutcomesRejected => Interlocked.Read(ref _rejected);

    /// <summary>Keeps <paramref name="sequence"/>, about to be queued as <paramref name="payload"/>, until its outcome is known.</summary>
    public void Track(AssembledSequence sequence, byte[] payload)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        Ledger.Track(sequence.SequenceNumber, sequence.CaptureTimes[0], sequence.FrameIndices[0], sequence.NewFrames, payload);
    }

    /// <summary>Settles <paramref name="sequence"/>, which the publisher will never get (it could not be encoded), with <paramref name="reason"/>.</summary>
    public void Refused(AssembledSequence sequence, DropReason reason)
    {
        ArgumentNullException.ThrowIfNull(sequence);
        Ledger.Refused(sequence.SequenceNumber, sequence.CaptureTimes[0], sequence.FrameIndices[0], sequence.NewFrames, reason);
    }

    public void Dispose()
    {
        _publisher.OutcomeReceived -= OnOutcome;
        _publisher.SequenceAcknowledged -= Ledger.Published;
        _publisher.SequenceDropped -= OnDroppedAtEdge;
        Ledger.Dispose();
    }

    private void OnDroppedAtEdge(long sequenceNumber, DropReason reason) => Ledger.DroppedAtEdge(sequenceNumber, reason);

    // On MQTTnet's receive loop: decode and settle, nothing slower.
    private void OnOutcome(TopicKind kind, ReadOnlySequence<byte> payload)
    {
        var bytes = payload.IsSingleSegment ? payload.FirstSpan : payload.ToArray();
        DecodeFailure? failure;
        if (kind == TopicKind.Results)
        {
            var result = JsonMessageCodec.TryDecodeInferenceResult(bytes);
            failure = result.IsSuccess ? Mismatch(result.Value.Site, result.Value.Camera) : result.Failure;
            if (failure is null && !Ledger.Settle(result.Value!))
            {
                Interlocked.Increment(ref _unmatched);
            }
        }
        else
        {
            var notice = JsonMessageCodec.TryDecodeDropNotice(bytes);
            failure = notice.IsSuccess ? Mismatch(notice.Value.Site, notice.Value.Camera) : notice.Failure;
            if (failure is null && !Ledger.Settle(notice.Value!))
            {
                Interlocked.Increment(ref _unmatched);
            }
        }

        if (failure is not null)
        {
            var segment = MqttTopics.Segment(kind);
            Interlocked.Increment(ref _rejected);
            Instruments.OutcomeRejected(segment);
            if (_rejectionLog.ShouldLog(segment, out var suppressed))
            {
                LogRejected(_logger, segment, failure.Reason, failure.Message, suppressed);
            }
        }
    }

    private DecodeFailure? Mismatch(string site, string camera) =>
        site == _publisher.Identity.Site && camera == _publisher.Identity.Camera
            ? null
            : new DecodeFailure(DecodeFailureReason.InvalidIds, $"the message is for {site}/{camera}, not {_publisher.Identity.Site}/{_publisher.Identity.Camera}.");

    [LoggerMessage(Level = LogLevel.Warning, Message = "Rejected a message on the camera's {Kind} topic ({Reason}): {Detail} ({Suppressed} more since the last line)")]
    private static partial void LogRejected(ILogger logger, string kind, DecodeFailureReason reason, string detail, long suppressed);
}

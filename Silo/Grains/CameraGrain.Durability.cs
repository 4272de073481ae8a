using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Silo.Clustering;
using Orleans.Storage;

namespace EdgeVision.Silo.Grains;

/// <summary>
/// The camera's durable record of accepted, unfinished sequences (<see cref="PendingSequences"/>, written through
/// <see cref="PendingLedger"/>): an accept is durable before <c>Ingest</c> returns (and so before the MQTT ack), a
/// finish leaves in the next coalesced write, and what a new activation finds there is counted as <c>lost</c>.
/// </summary>
internal sealed partial class CameraGrain
{
    private readonly bool _durable = cluster.Value.EffectiveCameraStorage != CameraStorageMode.None;
    private PendingLedger<PendingSequence>? _ledger;
    private TaskCompletionSource? _drained;

    private PendingLedger<PendingSequence> Ledger => _ledger ??= new PendingLedger<PendingSequence>(snapshot =>
    {
        durable.State.Sequences = snapshot;
        return durable.WriteStateAsync();
    });

    // Activation: sequences an earlier activation accepted and never finished (its silo failed) end here, as lost, and
    // their edge is told.
    private async Task CountLostAsync()
    {
        var left = durable.State.Sequences;
        if (!_durable || left.Count == 0)
        {
            return;
        }

        var lost = left.OrderBy(p => p.Key).ToArray();
        // Cleared before counting: if this write fails the activation fails, and the next one counts them, once.
        durable.State.Sequences = [];
        await durable.WriteStateAsync();
        foreach (var (number, pending) in lost)
        {
            _recent.TryAdd(number, pending.FirstCaptureUs); // A redelivery of it is then a duplicate, not a second outcome.
            Served.RecordDrop(DropReason.Lost);
            Dropped(new DroppedSequence(number, pending.FirstFrameIndex, pending.LastFrameIndex, pending.Frames), DropReason.Lost,
                $"sequence {number} was accepted by an earlier activation of {_key} that ended before finishing it");
        }

        LogLost(logger, _key, lost.Length, string.Join(", ", lost.Select(p => p.Key)));
    }

    // Ingest: returns once a write that includes the sequence completed; otherwise undoes the accept and throws, so the
    // MQTT message stays unacknowledged and is delivered again (a refusal, not a silent loss).
    private async Task RecordPendingAsync(FrameSequence sequence)
    {
        if (!_durable)
        {
            return;
        }

        var firstCaptureUs = sequence.CaptureTimestampsUs[0];
        try
        {
            await Ledger.AddAsync(sequence.SequenceNumber,
                new PendingSequence(firstCaptureUs, sequence.FrameIndices[0], sequence.FrameIndices[^1], sequence.FrameCount));
        }
        catch (Exception ex)
        {
            Ledger.Remove(sequence.SequenceNumber);
            _recent.Forget(sequence.SequenceNumber, firstCaptureUs);
            _pending--;
            instruments.PendingChanged(_key, -1);
            LogRecordFailed(logger, ex, _key, sequence.SequenceNumber);
            if (ex is InconsistentStateException)
            {
                DeactivateOnIdle(); // The stored etag moved: the next activation reads it again (and counts what it holds).
            }

            throw new InvalidOperationException(
                $"Camera {_key} could not record sequence {sequence.SequenceNumber} as pending ({ex.Message}); refused, the message is delivered again.", ex);
        }
    }

    // The finish path: the sequence leaves the record in the next coalesced write.
    private void Finished(long sequenceNumber)
    {
        _ledger?.Remove(sequenceNumber);
        if (_pending == 0 && _drained is { } drained)
        {
            _drained = null;
            drained.TrySetResult();
        }
    }

    // Deactivation: waits for pending sequences to finish and their removal to be written. What is left when the
    // deactivation time is up stays recorded and is counted as lost by the next activation.
    private async Task FinishPendingAsync(CancellationToken cancellationToken)
    {
        try
        {
            while (_pending > 0)
            {
                _drained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                await _drained.Task.WaitAsync(cancellationToken);
            }

            if (_ledger is { } ledger)
            {
                await ledger.FlushAsync().WaitAsync(cancellationToken);
            }
        }
        catch (Exception ex)
        {
            LogDeactivatedWithPending(logger, _key, _pending, _ledger?.Count ?? 0, ex.Message);
        }
    }
}

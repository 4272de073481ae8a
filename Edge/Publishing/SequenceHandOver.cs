using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Accountability;
using EdgeVision.Edge.Encoding;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Streaming;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Edge.Publishing;

/// <summary>
/// Takes a running <see cref="VideoStream"/>'s sequences to an <see cref="MqttSequencePublisher"/>: each is encoded for the
/// wire (<see cref="SequenceEncoder"/>) and queued. Every sequence taken from the stream ends queued or counted as the
/// publisher counts its own drops (its instruments and <see cref="MqttSequencePublisher.SequenceDropped"/>): one that
/// cannot be encoded as <c>invalid</c>, one still waiting for room in the queue when the delivery deadline passes as
/// <c>shutdown</c>, and sequences the stream still held when it was stopped as <c>shutdown</c>. With an
/// <see cref="SequenceAccounting"/>, each sequence queued is kept in its ledger until its outcome is known (one that cannot be
/// encoded is settled there at once). The edge agent
/// and the CLI's runs over MQTT hand over through it.
/// </summary>
public sealed partial class SequenceHandOver(VideoStream stream, SequenceEncoder encoder, MqttSequencePublisher publisher, ILogger<SequenceHandOver> logger,
    SequenceAccounting? accounting = null)
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Raised with each sequence taken from the stream, before it is encoded (its frames still readable), on the loop that
    /// took it: a caller that matches results to what it sent records the sequence here, so that a result quicker than
    /// the publish still finds it.
    /// </summary>
    public event Action<AssembledSequence>? Taken;

    /// <summary>
    /// Hands sequences over until the stream has finished and every sequence was taken (true), or until
    /// <paramref name="stop"/> fires or <paramref name="deadline"/> passes while a sequence waits for room in the queue
    /// (false; that sequence is counted). A sequence already taken when <paramref name="stop"/> fires is still queued.
    /// </summary>
    public async Task<bool> RunAsync(CancellationToken stop, CancellationToken deadline)
    {
        while (true)
        {
            AssembledSequence? sequence;
            try
            {
                sequence = await stream.GetSequenceAsync(PollInterval, stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stop.IsCancellationRequested)
            {
                return false;
            }

            if (sequence is null)
            {
                if (!stream.IsRunning && stream.GetInfo().SequenceBuffer.Count == 0)
                {
                    return true;
                }

                continue;
            }

            // Not the stop token: a sequence already taken is queued or counted, never abandoned mid-way.
            if (!await HandOverAsync(sequence, deadline).ConfigureAwait(false))
            {
                return false;
            }
        }
    }

    /// <summary>
    /// Hands over every sequence still in the stream (after <see cref="VideoStream.EndCapture"/>, those already captured),
    /// then waits for the publisher's queue to empty; false when <paramref name="deadline"/> passed first.
    /// </summary>
    public async Task<bool> DeliverRemainingAsync(CancellationToken deadline)
    {
        try
        {
            while (true)
            {
                if (await stream.GetSequenceAsync(PollInterval, deadline).ConfigureAwait(false) is { } sequence)
                {
                    if (!await HandOverAsync(sequence, deadline).ConfigureAwait(false))
                    {
                        return false;
                    }
                }
                else if (!stream.IsRunning)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }

        return await publisher.FlushAsync(deadline).ConfigureAwait(false);
    }

    /// <summary>
    /// Ends capture, delivers what was already captured within <paramref name="deadline"/> (<see cref="DeliverRemainingAsync"/>),
    /// then stops the stream: the sequences it still held are counted as <c>shutdown</c>. False when not everything was delivered.
    /// </summary>
    public async Task<bool> FinishAsync(CancellationToken deadline)
    {
        stream.EndCapture();
        var delivered = await DeliverRemainingAsync(deadline).ConfigureAwait(false);
        var discarded = await stream.StopStreamingAsync().ConfigureAwait(false);
        publisher.Instruments.SequenceDropped(DropReason.Shutdown, discarded);
        return delivered;
    }

    /// <summary>Encodes and queues one sequence; false when <paramref name="deadline"/> passed while it waited for room (counted).</summary>
    private async Task<bool> HandOverAsync(AssembledSequence sequence, CancellationToken deadline)
    {
        byte[]? payload;
        using (sequence)
        {
            Taken?.Invoke(sequence);
            payload = Encode(sequence);
            if (payload is not null)
            {
                accounting?.Track(sequence, payload);
            }
        }

        if (payload is null)
        {
            return true;
        }

        try
        {
            // While the broker is reachable a full queue waits (backpressure to the capture buffer, which counts its drops);
            // while it is away the publisher drops its oldest queued sequence instead, and counts it.
            await publisher.EnqueueAsync(sequence.SequenceNumber, payload, deadline).ConfigureAwait(false);
            return true;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            publisher.CountDropped(sequence.SequenceNumber, DropReason.Shutdown);
            return false;
        }
    }

    /// <summary>The wire payload of <paramref name="sequence"/>; null when it cannot be encoded (counted as invalid).</summary>
    private byte[]? Encode(AssembledSequence sequence)
    {
        try
        {
            var identity = publisher.Identity;
            return SequenceCodec.Encode(encoder.Encode(sequence, identity.Site, identity.Camera, stream.GetInfo().SourceFps));
        }
        catch (Exception ex) when (ex is OpenCvSharp.OpenCVException or ArgumentException or InvalidOperationException)
        {
            accounting?.Refused(sequence, DropReason.Invalid);
            publisher.CountDropped(sequence.SequenceNumber, DropReason.Invalid);
            LogEncodeFailed(logger, sequence.SequenceNumber, ex);
            return null;
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Sequence {SequenceNumber} could not be encoded; dropped as invalid")]
    private static partial void LogEncodeFailed(ILogger logger, long sequenceNumber, Exception exception);
}

using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Edge.Publishing;

public sealed partial class MqttSequencePublisher
{
    /// <summary>
    /// Keeps up to <c>MaxInFlight</c> publishes outstanding while ready and settles them in order: acknowledged ones
    /// are counted, refused ones dropped as invalid, and those cut off by a lost connection go back to the queue's front.
    /// </summary>
    private async Task PublishLoopAsync(CancellationToken stopping)
    {
        var window = new Queue<InFlight>(_options.MaxInFlight);
        while (true)
        {
            while (IsReady && !stopping.IsCancellationRequested && window.Count < _options.MaxInFlight && _queue.TryDequeue(out var item))
            {
                Interlocked.Increment(ref _inFlight);
                window.Enqueue(new InFlight(item, _time.GetTimestamp(), PublishAsync(item)));
            }

            if (window.Count == 0)
            {
                var changed = _queue.WhenChanged;
                if (stopping.IsCancellationRequested)
                {
                    return;
                }

                if (IsReady && _queue.Count > 0)
                {
                    continue;
                }

                try
                {
                    await changed.WaitAsync(stopping).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (stopping.IsCancellationRequested)
                {
                    return;
                }

                continue;
            }

            var head = window.Dequeue();
            if (await SettleAsync(head).ConfigureAwait(false) is { } failure)
            {
                var retry = new List<OutgoingSequence> { head.Item };
                while (window.TryDequeue(out var next))
                {
                    if (await SettleAsync(next).ConfigureAwait(false) is not null)
                    {
                        retry.Add(next.Item);
                    }
                }

                LogPublishFailed(_logger, head.Item.SequenceNumber, retry.Count, failure.Message);
                SuspectConnection();
                foreach (var dropped in _queue.ReturnToFront(retry))
                {
                    DroppedOffline(dropped);
                }
            }

            Signal(ref _progress);
        }
    }

    /// <summary>Awaits one publish; null when it is settled (acknowledged or refused), else the exception that cut it off.</summary>
    private async Task<Exception?> SettleAsync(InFlight publish)
    {
        try
        {
            var result = await publish.Ack.ConfigureAwait(false);
            if (IsAccepted(result.ReasonCode))
            {
                Instruments.SequencePublished(publish.Item.Payload.Length, _time.GetElapsedTime(publish.Started));
                SequenceAcknowledged?.Invoke(publish.Item.SequenceNumber);
            }
            else
            {
                // The broker will never take this one (not authorised, too large, ...): retrying would loop forever.
                Instruments.SequenceDropped(DropReason.Invalid);
                SequenceDropped?.Invoke(publish.Item.SequenceNumber, DropReason.Invalid);
                LogPublishRefused(_logger, publish.Item.SequenceNumber, result.ReasonCode, result.ReasonString);
            }

            return null;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            return ex;
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    // Each attempt carries the moment it was handed to the client (published_at_us appended to the encoded sequence, no copy
    // of the frames): the silo splits latency there into the edge's part and transport.
    private async Task<MqttClientPublishResult> PublishAsync(OutgoingSequence item)
    {
        var message = new MqttApplicationMessageBuilder()
            .WithTopic(_identity.SequencesTopic)
            .WithPayload(PayloadSegments.Join(item.Payload, SequenceCodec.PublishedAtField(_time.GetUtcNow())))
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce)
            .Build();
        using var timeout = new CancellationTokenSource(_operationTimeout, _time);
        return await _connection.Client.PublishAsync(message, timeout.Token).ConfigureAwait(false);
    }

    private static void Signal(ref TaskCompletionSource signal) =>
        Interlocked.Exchange(ref signal, NewSignal()).TrySetResult();

    private sealed record InFlight(OutgoingSequence Item, long Started, Task<MqttClientPublishResult> Ack);
}

using System.Collections.Immutable;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Classes;
using EdgeVision.Inference.Control;
using EdgeVision.Silo.Decoding;

namespace EdgeVision.Silo.Grains;

internal sealed partial class CameraGrain
{
    // Runs after Ingest returned. Awaits resume on the grain scheduler, so grain state is touched by one thread at a time.
    private async Task ProcessAsync(FrameSequence sequence, DateTimeOffset lastCapture, TimeSpan maxLatency, string model)
    {
        // Called within Ingest's turn: this is when the sequence was accepted, the settings in force then are the ones its
        // outcome says something about (the controller ignores outcomes of work accepted before its last change).
        var acceptedAt = time.GetUtcNow();
        InferenceResult? result = null;
        try
        {
            var target = _controller?.Current is { } current ? new FrameSize(current.Width, current.Height) : (FrameSize?)null;
            // Decoded off the grain scheduler; the engine owns the frames from InferAsync on.
            var frames = await Task.Run(() => decoder.Decode(sequence, target));
            var size = new FrameSize(frames.Width, frames.Height);
            var outcome = await engine.InferAsync(new InferenceRequest(_key, model, frames, lastCapture, lastCapture + maxLatency));
            if (outcome.Status == InferenceStatus.Completed && outcome.Probabilities is { Length: > 0 } probabilities)
            {
                result = Complete(sequence, size, outcome, probabilities, lastCapture, acceptedAt, model);
            }
            else
            {
                RecordDrop(outcome.DropReason ?? DropReason.Invalid, outcome.Detail ?? "the engine returned no probabilities", acceptedAt);
            }
        }
        catch (SequenceDecodeException ex)
        {
            RecordDrop(DropReason.Invalid, ex.Message);
        }
        catch (ArgumentException ex)
        {
            // Unknown model or a shape the model cannot take: the sequence can never succeed.
            RecordDrop(DropReason.Invalid, ex.Message);
        }
        catch (ObjectDisposedException)
        {
            RecordDrop(DropReason.Overload, "the inference engine is shutting down", acceptedAt);
        }
        catch (Exception ex)
        {
            LogProcessingFailed(logger, ex, _key, sequence.SequenceNumber);
            RecordDrop(DropReason.Invalid, ex.Message);
        }
        finally
        {
            _pending--;
            instruments.PendingChanged(_key, -1);
            foreach (var released in _release.Finish(sequence.SequenceNumber, result))
            {
                Publish(released);
            }

            Finished(sequence.SequenceNumber);

            Adapt();
        }
    }

    private InferenceResult Complete(FrameSequence sequence, FrameSize size, InferenceOutcome outcome, float[] probabilities,
        DateTimeOffset lastCapture, DateTimeOffset acceptedAt, string model)
    {
        var now = time.GetUtcNow();
        var endToEnd = now - lastCapture;
        _monitor.RecordResult(endToEnd, outcome.InferenceDuration, sequence.FrameCount);
        instruments.Result(_key, endToEnd, outcome.InferenceDuration);
        stalls.Produced(_key);
        _controller?.RecordLatency(endToEnd, acceptedAt);
        var topK = TopK.Of(probabilities, outcome.Labels, _options.TopK)
            .Select(c => new LabelScore(c.Label, c.Index, Math.Clamp(c.Probability, 0, 1)))
            .ToImmutableArray();
        return new InferenceResult(
            _site,
            _camera,
            sequence.SequenceNumber,
            sequence.FrameIndices[0],
            sequence.FrameIndices[^1],
            sequence.CaptureTime(0),
            lastCapture,
            now,
            Math.Max(0, endToEnd.TotalMilliseconds),
            outcome.InferenceDuration.TotalMilliseconds,
            model,
            string.IsNullOrEmpty(outcome.ModelVersion) ? "unknown" : outcome.ModelVersion,
            topK,
            new AdaptiveState(size.Width, size.Height, sequence.Preprocessing.FrameSkip, Math.Max(1, outcome.BatchSize), sequence.Preprocessing.TargetFps))
        {
            TrueLabel = sequence.TrueLabel,
        };
    }

    private void Publish(InferenceResult result)
    {
        publisher.Publish(result);
        callbacks.Invoke(result);
        _streamTail = PublishToStreamAsync(_streamTail, result);
    }

    // Chained so the stream sees results in the order they were released.
    private async Task PublishToStreamAsync(Task previous, InferenceResult result)
    {
        await previous;
        try
        {
            await _stream!.OnNextAsync(result);
        }
        catch (Exception ex)
        {
            instruments.PublishFailed("stream");
            LogStreamFailed(logger, ex, _key, result.SequenceNumber);
        }
    }

    private void Adapt()
    {
        if (_controller is not { } controller)
        {
            return;
        }

        controller.RecordQueueDepth(engine.QueueDepth);
        _monitor.RecordQueueDepth(engine.QueueDepth);
        if (controller.Evaluate() is not { } decision)
        {
            return;
        }

        var previous = decision.Previous;
        var next = decision.Next;
        var batchSize = next.BatchSize != previous.BatchSize ? batchSizes.Vote(_key, next.BatchSize) : next.BatchSize;
        var skipChanged = next.FrameSkip != previous.FrameSkip;
        var sizeChanged = next.Width != previous.Width || next.Height != previous.Height;
        if (skipChanged || sizeChanged)
        {
            publisher.Publish(new ControlMessage(
                _site,
                _camera,
                decision.Reason,
                decision.DecidedAt,
                FrameSkip: skipChanged ? next.FrameSkip : null,
                Width: sizeChanged ? next.Width : null,
                Height: sizeChanged ? next.Height : null));
            instruments.Control(_key);
        }

        gauges.Set(_key, State(next with { BatchSize = batchSize }));
        LogAdapted(logger, _key, decision.Action, previous, next, decision.Reason);
    }
}

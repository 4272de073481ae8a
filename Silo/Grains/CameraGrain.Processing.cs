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
    private async Task ProcessAsync(FrameSequence sequence, DateTimeOffset lastCapture, DateTimeOffset receivedAt, TimeSpan maxLatency, string model)
    {
        // Called within Ingest's turn: this is when the sequence was accepted, the settings in force then are the ones its
        // outcome says something about (the controller ignores outcomes of work accepted before its last change).
        var acceptedAt = time.GetUtcNow();
        var times = new SequenceTimes(lastCapture, sequence.PublishedAt, receivedAt, acceptedAt);
        CompletedSequence? completed = null;
        try
        {
            var target = _controller?.Current is { } current ? new FrameSize(current.Width, current.Height) : (FrameSize?)null;
            // Decoded off the grain scheduler; the engine owns the frames from InferAsync on.
            var (frames, decode) = await Task.Run(() =>
            {
                var started = time.GetTimestamp();
                var decoded = decoder.Decode(sequence, target);
                return (decoded, time.GetElapsedTime(started));
            });
            var size = new FrameSize(frames.Width, frames.Height);
            var outcome = await engine.InferAsync(new InferenceRequest(_key, model, frames, lastCapture, lastCapture + maxLatency));
            if (outcome.Status == InferenceStatus.Completed && outcome.Probabilities is { Length: > 0 } probabilities)
            {
                // Decode: the JPEG decode and resize here, and the normalisation the engine did while filling the batch.
                completed = Complete(sequence, size, outcome, probabilities, times, decode + outcome.NormalizeDuration, model);
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
            foreach (var released in _release.Finish(sequence.SequenceNumber, completed))
            {
                Publish(released);
            }

            Finished(sequence.SequenceNumber);

            Adapt();
        }
    }

    // The result as far as it is known when the forward pass returns; its completion time and latency are set when it is
    // released (Publish), after any wait for earlier sequences.
    private CompletedSequence Complete(FrameSequence sequence, FrameSize size, InferenceOutcome outcome, float[] probabilities,
        SequenceTimes times, TimeSpan decode, string model)
    {
        var now = time.GetUtcNow();
        var topK = TopK.Of(probabilities, outcome.Labels, _options.TopK)
            .Select(c => new LabelScore(c.Label, c.Index, Math.Clamp(c.Probability, 0, 1)))
            .ToImmutableArray();
        var result = new InferenceResult(
            _site,
            _camera,
            sequence.SequenceNumber,
            sequence.FrameIndices[0],
            sequence.FrameIndices[^1],
            sequence.CaptureTime(0),
            times.LastCapture,
            now,
            Math.Max(0, (now - times.LastCapture).TotalMilliseconds),
            outcome.InferenceDuration.TotalMilliseconds,
            model,
            string.IsNullOrEmpty(outcome.ModelVersion) ? "unknown" : outcome.ModelVersion,
            topK,
            new AdaptiveState(size.Width, size.Height, sequence.Preprocessing.FrameSkip, Math.Max(1, outcome.BatchSize), sequence.Preprocessing.TargetFps))
        {
            TrueLabel = sequence.TrueLabel,
        };
        return new CompletedSequence(result, times, decode, outcome.QueueWait, outcome.InferenceDuration, sequence.FrameCount);
    }

    // Results leave here, in sequence order: the latency is measured now, split into its parts, and judged.
    private void Publish(CompletedSequence completed)
    {
        var now = time.GetUtcNow();
        var (endToEnd, parts) = completed.Times.Split(completed.Decode, completed.Queue, completed.Forward, now);
        var result = completed.Result with { CompletedAt = now, EndToEndLatencyMs = Math.Max(0, endToEnd.TotalMilliseconds), LatencyBreakdown = parts };
        _monitor.RecordResult(endToEnd, completed.Forward, completed.Frames);
        instruments.Result(_key, endToEnd, completed.Forward);
        instruments.Parts(_key, parts);
        stalls.Produced(_key);
        _controller?.RecordLatency(endToEnd, completed.Times.AcceptedAt, parts);
        publisher.Publish(result);
        callbacks.Invoke(result);
    }

    private void Adapt()
    {
        if (_controller is not { } controller)
        {
            return;
        }

        controller.RecordQueueDepth(engine.QueueDepth);
        _monitor.RecordQueueDepth(engine.QueueDepth);
        var decision = controller.Evaluate();
        Report(controller);
        if (decision is null)
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
                Truncate(decision.Reason, 256),
                decision.DecidedAt,
                FrameSkip: skipChanged ? next.FrameSkip : null,
                Width: sizeChanged ? next.Width : null,
                Height: sizeChanged ? next.Height : null,
                ExpectedAccuracy: decision.ExpectedAccuracy,
                Cause: decision.Cause));
            instruments.Control(_key);
        }

        gauges.Set(_key, State(next with { BatchSize = batchSize }));
        LogAdapted(logger, _key, decision.Action, previous, next, decision.Reason);
    }

    // What the latency is bound by, published (retained) and exported whenever the controller's verdict changes: a cause no
    // knob shrinks is told to operators instead of being answered by degrading the camera.
    private void Report(LatencyController controller)
    {
        if (controller.Diagnosis is not { } diagnosis || (_reported is { } last && last.Cause == diagnosis.Cause && last.Acting == diagnosis.Acting))
        {
            return;
        }

        _reported = diagnosis;
        bounds.Set(_key, diagnosis.Cause, diagnosis.Acting);
        publisher.Publish(new LatencyReport(_site, _camera, diagnosis.Cause, diagnosis.Acting, diagnosis.P95Ms, _inference.TargetLatencyMs,
            diagnosis.Samples, diagnosis.Tail, Truncate(diagnosis.Detail, 512), diagnosis.At, controller.ExpectedAccuracy));
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}

using System.Collections.Immutable;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Inference.Classes;
using EdgeVision.Inference.Control;
using EdgeVision.Inference.Pixels;
using EdgeVision.Inference.Serving;
using EdgeVision.Silo.Decoding;

namespace EdgeVision.Silo.Grains;

internal sealed partial class CameraGrain
{
    // Runs after Ingest returned. Awaits resume on the grain scheduler, so grain state is touched by one thread at a time.
    private async Task ProcessAsync(FrameSequence sequence, SequenceTimes times, string model)
    {
        try
        {
            var target = Served.Controller?.Current is { } current ? new FrameSize(current.Width, current.Height) : (FrameSize?)null;
            SequenceFrames frames;
            TimeSpan decode;
            try
            {
                // Decoded off the grain scheduler; the engine owns the frames from ServeAsync on.
                (frames, decode) = await Task.Run(() =>
                {
                    var started = time.GetTimestamp();
                    var decoded = decoder.Decode(sequence, target);
                    return (decoded, time.GetElapsedTime(started));
                });
            }
            catch (Exception ex) when (ex is SequenceDecodeException or ArgumentException)
            {
                Served.Drop(sequence, sequence.SequenceNumber, DropReason.Invalid, ex.Message);
                return;
            }
            catch (Exception ex)
            {
                Served.Drop(sequence, sequence.SequenceNumber, DropReason.Invalid, ex.Message, error: ex);
                return;
            }

            // Decode: the JPEG decode and resize here, and the normalisation the engine does while filling the batch.
            await Served.ServeAsync(sequence, sequence.SequenceNumber, times, model, frames, decode);
        }
        finally
        {
            _pending--;
            instruments.PendingChanged(_key, -1);
            Finished(sequence.SequenceNumber);
            Adapt();
        }
    }

    // Results leave here, in sequence order, with their latency measured as they leave and split into its parts.
    private void Publish(FrameSequence sequence, ServedResult served)
    {
        var outcome = served.Outcome;
        var topK = TopK.Of(served.Probabilities, outcome.Labels, _options.TopK)
            .Select(c => new LabelScore(c.Label, c.Index, Math.Clamp(c.Probability, 0, 1)))
            .ToImmutableArray();
        var result = new InferenceResult(
            _site,
            _camera,
            sequence.SequenceNumber,
            sequence.FrameIndices[0],
            sequence.FrameIndices[^1],
            sequence.CaptureTime(0),
            served.Times.LastCapture,
            served.ReleasedAt,
            Math.Max(0, served.EndToEnd.TotalMilliseconds),
            outcome.InferenceDuration.TotalMilliseconds,
            outcome.ModelKey,
            string.IsNullOrEmpty(outcome.ModelVersion) ? "unknown" : outcome.ModelVersion,
            topK,
            new AdaptiveState(served.Width, served.Height, sequence.Preprocessing.FrameSkip, Math.Max(1, outcome.BatchSize), sequence.Preprocessing.TargetFps),
            LatencyBreakdown: served.Parts)
        {
            TrueLabel = sequence.TrueLabel,
        };
        instruments.Result(_key, served.EndToEnd, outcome.InferenceDuration);
        instruments.Parts(_key, served.Parts);
        stalls.Produced(_key);
        publisher.Publish(result);
        callbacks.Invoke(result);
    }

    private void Adapt()
    {
        var decision = Served.Adapt();
        if (Served.Controller is not { } controller)
        {
            return;
        }

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
            diagnosis.Samples, diagnosis.Tail, Truncate(diagnosis.Detail, 512), diagnosis.At, controller.ExpectedAccuracy, _inference.MaxLatencyMs));
    }

    private static string Truncate(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";
}

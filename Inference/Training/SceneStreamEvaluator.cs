using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Pixels;
using EdgeVision.Synthetic;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Training;

/// <summary>
/// Scores a classifier the way a camera feeds it: the endless scene a <c>synthetic</c> source renders
/// (<see cref="SyntheticScene"/>), sampled with a frame skip as the edge samples it (one frame kept, then
/// <c>frameSkip</c> dropped), cut into consecutive sequences from the first kept frame, each sequence's true label the
/// one the system reports for it (<see cref="GroundTruth.SequenceLabel"/>: the action most of its frames show). A
/// sequence that spans two actions (common once frames are skipped) is scored against that label, so the figure is the
/// accuracy a subscriber would see. Under inference mode, a dispose scope per batch;
/// the model's train/eval mode is restored after.
/// </summary>
public sealed class SceneStreamEvaluator
{
    private readonly int batchSize;
    private readonly PixelNormalization normalization;

    public SceneStreamEvaluator(int batchSize = 32, PixelNormalization? normalization = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        this.batchSize = batchSize;
        this.normalization = normalization ?? PixelNormalization.ImageNet;
    }

    /// <summary>Top-1 accuracy (0 to 1) over the first <paramref name="sequences"/> sequences of the scene of <paramref name="seed"/>.</summary>
    public double Top1(nn.Module<Tensor, Tensor> model, SceneStream stream, int sequences, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(stream);
        ArgumentOutOfRangeException.ThrowIfLessThan(sequences, 1);
        var scene = new SyntheticScene(stream.Width, stream.Height, stream.FramesPerAction, stream.Seed);
        var frameBytes = scene.FrameBytes;
        var sequenceBytes = stream.SequenceLength * frameBytes;
        var pixels = new byte[sequenceBytes];
        var labels = new int[batchSize];
        var correct = 0;
        var wasTraining = model.training;
        model.eval();
        try
        {
            for (var start = 0; start < sequences; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = Math.Min(batchSize, sequences - start);
                var values = new float[(long)n * sequenceBytes];
                for (var i = 0; i < n; i++)
                {
                    var frames = stream.FramesOf(start + i);
                    for (var f = 0; f < frames.Length; f++)
                    {
                        scene.Render(frames[f], pixels.AsSpan(f * frameBytes, frameBytes));
                    }

                    string[] frameLabels = [.. frames.Select(f => scene.Describe(f).Action.Name())];
                    labels[i] = ActionClasses.TryParse(GroundTruth.SequenceLabel(frameLabels)!, out var label) ? (int)label : -1;
                    normalization.WriteFrames(pixels, frameBytes, PixelOrder.Rgb, values.AsSpan(i * sequenceBytes, sequenceBytes));
                }

                long[] predicted;
                using (NewDisposeScope())
                using (inference_mode())
                {
                    var logits = model.call(tensor(values, [n, stream.SequenceLength, 3, stream.Height, stream.Width]));
                    predicted = logits.argmax(1).data<long>().ToArray();
                }

                for (var i = 0; i < n; i++)
                {
                    correct += predicted[i] == labels[i] ? 1 : 0;
                }
            }
        }
        finally
        {
            model.train(wasTraining);
        }

        return (double)correct / sequences;
    }
}

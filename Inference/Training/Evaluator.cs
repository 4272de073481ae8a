using EdgeVision.Inference.Pixels;
using EdgeVision.Synthetic;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Training;

/// <summary>
/// Scores a classifier of the synthetic actions: top-1, top-5, per-class accuracy and the confusion matrix.
/// Runs under inference mode and a dispose scope per batch; the model's train/eval mode is restored after.
/// </summary>
public sealed class Evaluator
{
    private readonly int batchSize;
    private readonly PixelNormalization normalization;

    public Evaluator(int batchSize = 32, PixelNormalization? normalization = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        this.batchSize = batchSize;
        this.normalization = normalization ?? PixelNormalization.ImageNet;
    }

    /// <summary>Scores <paramref name="count"/> clips of the dataset defined by <paramref name="seed"/>.</summary>
    public EvaluationReport Evaluate(nn.Module<Tensor, Tensor> model, int seed, int count, int width, int height, int frames, CancellationToken cancellationToken = default) =>
        Evaluate(model, new SyntheticDataset(seed, count, width, height, frames), cancellationToken);

    public EvaluationReport Evaluate(nn.Module<Tensor, Tensor> model, SyntheticDataset dataset, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(dataset);
        var classes = ActionClasses.Count;
        var confusion = new int[classes][];
        for (var i = 0; i < classes; i++)
        {
            confusion[i] = new int[classes];
        }

        var top5Hits = 0;
        var k = Math.Min(5, classes);
        var builder = new BatchBuilder(dataset.Generator, batchSize, normalization);
        var indices = new int[batchSize];
        var wasTraining = model.training;
        model.eval();
        try
        {
            for (var start = 0; start < dataset.Count; start += batchSize)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var n = Math.Min(batchSize, dataset.Count - start);
                for (var i = 0; i < n; i++)
                {
                    indices[i] = start + i;
                }

                long[] ranked;
                using (NewDisposeScope())
                using (inference_mode())
                {
                    var (input, _) = builder.Build(dataset, indices.AsSpan(0, n));
                    var logits = model.call(input);
                    if (logits.ndim != 2 || logits.shape[0] != n || logits.shape[1] != classes)
                    {
                        throw new InvalidOperationException($"The model returned shape [{string.Join(", ", logits.shape)}]; expected [{n}, {classes}] logits.");
                    }

                    ranked = logits.topk(k, dim: 1).indexes.data<long>().ToArray();
                }

                for (var i = 0; i < n; i++)
                {
                    var actual = (int)dataset.LabelOf(start + i);
                    confusion[actual][ranked[i * k]]++;
                    for (var j = 0; j < k; j++)
                    {
                        if (ranked[(i * k) + j] == actual)
                        {
                            top5Hits++;
                            break;
                        }
                    }
                }
            }
        }
        finally
        {
            model.train(wasTraining);
        }

        return Report(dataset.Count, top5Hits, confusion);
    }

    private static EvaluationReport Report(int count, int top5Hits, int[][] confusion)
    {
        var perClass = new ClassAccuracy[confusion.Length];
        var correct = 0;
        for (var c = 0; c < confusion.Length; c++)
        {
            var clips = confusion[c].Sum();
            correct += confusion[c][c];
            perClass[c] = new ClassAccuracy(ActionClasses.Names[c], clips, confusion[c][c], clips == 0 ? null : (double)confusion[c][c] / clips);
        }

        return new EvaluationReport(
            count,
            count == 0 ? 0 : (double)correct / count,
            count == 0 ? 0 : (double)top5Hits / count,
            ActionClasses.Names,
            perClass,
            confusion);
    }
}

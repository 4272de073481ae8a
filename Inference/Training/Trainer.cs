using System.Diagnostics;
using EdgeVision.Synthetic;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Training;

/// <summary>
/// Trains any clip classifier (input (batch, sequence, 3, H, W), output logits over <see cref="ActionClasses"/>)
/// on the synthetic actions with Adam and cross-entropy. Each step runs in its own dispose scope, so a run
/// leaves no tensors behind. Call it on the thread that owns the model; it blocks until done or cancelled.
/// </summary>
public sealed class Trainer
{
    private readonly TrainingOptions options;
    private readonly TimeProvider timeProvider;

    public Trainer(TrainingOptions options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors), nameof(options));
        }

        this.options = options;
        this.timeProvider = timeProvider ?? TimeProvider.System;
    }

    /// <summary>
    /// Trains <paramref name="model"/> in place. Seeds torch first, so a model built after
    /// <c>torch.manual_seed</c> with the same seed trains to the same weights every run.
    /// </summary>
    public TrainingResult Train(nn.Module<Tensor, Tensor> model, IProgress<TrainingProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (options.Threads is { } threads)
        {
            set_num_threads(threads);
        }

        random.manual_seed(options.Seed);
        var generator = new SyntheticClipGenerator(options.Width, options.Height, options.Frames);
        var train = new SyntheticDataset(options.TrainSeed, options.TrainClips, generator);
        var heldOut = new SyntheticDataset(options.HeldOutSeed, options.HeldOutClips, generator);
        var evaluator = new Evaluator(options.BatchSize, options.Normalization);
        var builder = new BatchBuilder(generator, options.BatchSize, options.Normalization);
        var shuffle = new Random(unchecked((int)options.Seed));
        var order = Enumerable.Range(0, train.Count).ToArray();
        var steps = (train.Count + options.BatchSize - 1) / options.BatchSize;
        var curve = new List<EpochResult>(options.Epochs);
        EvaluationReport? last = null;

        // Frozen parameters (a hybrid's pretrained branches) stay out of the optimiser.
        using var optimizer = optim.Adam(model.parameters().Where(p => p.requires_grad), lr: options.LearningRate, weight_decay: options.WeightDecay);
        var rates = new LearningRateCurve(options, steps);
        for (var epoch = 1; epoch <= options.Epochs; epoch++)
        {
            var started = timeProvider.GetTimestamp();
            shuffle.Shuffle(order);
            model.train();
            double lossSum = 0;
            long correct = 0;
            for (var step = 0; step < steps; step++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var batch = order.AsSpan(step * options.BatchSize, Math.Min(options.BatchSize, train.Count - (step * options.BatchSize)));
                var rate = rates.At(((epoch - 1) * steps) + step);
                foreach (var group in optimizer.ParamGroups)
                {
                    group.LearningRate = rate;
                }

                var (loss, hits) = Step(model, optimizer, builder, train, batch, options.GradientClipNorm);
                lossSum += loss * batch.Length;
                correct += hits;
                progress?.Report(new TrainingProgress(epoch, options.Epochs, step + 1, steps, loss, null));
            }

            last = evaluator.Evaluate(model, heldOut, cancellationToken);
            var point = new EpochResult(epoch, lossSum / train.Count, (double)correct / train.Count, last.Top1, timeProvider.GetElapsedTime(started));
            curve.Add(point);
            progress?.Report(new TrainingProgress(epoch, options.Epochs, steps, steps, point.TrainLoss, point));
        }

        Debug.Assert(last is not null, "Options require at least one epoch.");
        return new TrainingResult(curve, last);
    }

    private static (double Loss, long Correct) Step(
        nn.Module<Tensor, Tensor> model, optim.Optimizer optimizer, BatchBuilder builder, SyntheticDataset dataset, ReadOnlySpan<int> batch, double clipNorm)
    {
        using var scope = NewDisposeScope();
        var (input, labels) = builder.Build(dataset, batch);
        optimizer.zero_grad();
        var logits = model.call(input);
        var loss = nn.functional.cross_entropy(logits, labels);
        loss.backward();
        if (clipNorm > 0)
        {
            nn.utils.clip_grad_norm_(model.parameters().Where(p => p.requires_grad), clipNorm);
        }

        optimizer.step();
        return (loss.item<float>(), logits.argmax(1).eq(labels).sum().item<long>());
    }
}

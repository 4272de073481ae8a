using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Control;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Training;

/// <summary>
/// Measures a model's <see cref="AccuracyGrid"/>: top-1 on the scene stream (<see cref="SceneStreamEvaluator"/>) at every
/// frame size the latency controller steps through from the model's input size (<see cref="LatencyController.ResolutionLadder"/>)
/// and every frame skip from 0 to <see cref="LatencyControllerOptions.MaxFrameSkip"/>.
/// </summary>
public static class AccuracyGridMeasurement
{
    /// <param name="progress">Called after each cell (width, height, frame skip, top-1).</param>
    public static AccuracyGrid Measure(nn.Module<Tensor, Tensor> model, VideoModelConfig config, LatencyControllerOptions steps, int seed, int sequencesPerCell,
        int framesPerAction, TimeProvider time, SceneStreamEvaluator? evaluator = null, Action<AccuracyCell>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(steps);
        ArgumentNullException.ThrowIfNull(time);
        evaluator ??= new SceneStreamEvaluator();
        var cells = new List<AccuracyCell>();
        foreach (var (width, height) in LatencyController.ResolutionLadder(config.InputWidth, config.InputHeight, steps))
        {
            for (var skip = 0; skip <= steps.MaxFrameSkip; skip++)
            {
                var stream = new SceneStream(seed, width, height, framesPerAction, config.SequenceLength, skip);
                var cell = new AccuracyCell(width, height, skip, evaluator.Top1(model, stream, sequencesPerCell, cancellationToken));
                cells.Add(cell);
                progress?.Invoke(cell);
            }
        }

        return new AccuracyGrid(cells, sequencesPerCell, seed, framesPerAction, time.GetUtcNow());
    }
}

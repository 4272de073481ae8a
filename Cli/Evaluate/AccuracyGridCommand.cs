using System.Globalization;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Control;
using EdgeVision.Inference.Training;

namespace EdgeVision.Cli.Evaluate;

/// <summary>
/// <c>edgevision evaluate --grid</c>: a checkpoint's top-1 at every frame size x frame skip the latency controller may
/// choose, printed as a table, written as JSON with <c>-o</c> and stored in the checkpoint with <c>--save-grid</c>.
/// </summary>
internal static class AccuracyGridCommand
{
    public static int Run(EvaluateCommand.EvaluationRequest request, string path, LoadedCheckpoint loaded, TextWriter output, CancellationToken cancellationToken)
    {
        var model = loaded.Model;
        var config = model.Config;
        var framesPerAction = request.FramesPerAction ?? loaded.Metadata.TrainedFramesPerAction(config) ?? config.SequenceLength;
        if (framesPerAction < 1)
        {
            throw new ArgumentException($"--frames-per-action must be a positive whole number (was {framesPerAction}).");
        }

        var steps = new LatencyControllerOptions();
        output.WriteLine($"{model.Kind} {loaded.Metadata.Version} from {path}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"accuracy grid: top-1 on {request.GridSequences} sequences of {config.SequenceLength} frames per cell, the synthetic scene of seed {request.Seed} at {framesPerAction} frames per action"));
        var grid = AccuracyGridMeasurement.Measure(model.Module, config, steps, request.Seed, request.GridSequences, framesPerAction, TimeProvider.System,
            new SceneStreamEvaluator(request.BatchSize), cancellationToken: cancellationToken);
        Write(grid, steps.MaxFrameSkip, output);

        if (request.Output is { } reportPath)
        {
            File.WriteAllText(reportPath, CliJson.Serialize(new GridDocument(model.Kind, path, loaded.Metadata.Version, grid)));
            output.WriteLine($"Wrote {reportPath}");
        }

        if (request.SaveGrid)
        {
            Checkpoint.WriteMetadata(path, loaded.Metadata with { AccuracyGrid = grid });
            output.WriteLine($"Stored the grid in {path}");
        }

        return 0;
    }

    /// <summary>The grid as a table: one row per frame size, one column per frame skip.</summary>
    public static void Write(AccuracyGrid grid, int maxFrameSkip, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine($"{"size",-9}" + string.Concat(Enumerable.Range(0, maxFrameSkip + 1).Select(k => $"  skip {k}")));
        foreach (var size in grid.Cells.Select(c => (c.Width, c.Height)).Distinct())
        {
            var cells = Enumerable.Range(0, maxFrameSkip + 1).Select(k => grid.Top1(size.Width, size.Height, k) is { } top1
                ? string.Create(CultureInfo.InvariantCulture, $"{top1 * 100,6:F1}%")
                : "      -");
            output.WriteLine($"{$"{size.Width}x{size.Height}",-9}" + string.Concat(cells.Select(c => $" {c}")));
        }
    }

    /// <summary>The JSON report: each cell's <c>top1</c> is a fraction in [0, 1].</summary>
    private sealed record GridDocument(string Model, string Checkpoint, string Version, AccuracyGrid Grid);
}

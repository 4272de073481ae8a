using System.CommandLine;
using System.Globalization;
using EdgeVision.Cli.CommandLine;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Models;
using EdgeVision.Inference.Training;
using EdgeVision.Synthetic;
using TorchSharp;

namespace EdgeVision.Cli.Evaluate;

/// <summary>
/// <c>edgevision evaluate</c>: scores a checkpoint (by default the shipped one of the kind) on freshly generated
/// synthetic clips; prints top-1/top-5, per-class accuracy and the confusion matrix; writes the report as JSON.
/// </summary>
internal static class EvaluateCommand
{
    public const int DefaultSeed = 2_000_003;

    public static Command Create()
    {
        var kind = CommandOptions.Choice("--model", VideoModelKinds.All, "Model kind.", required: true);
        var weights = new Option<FileInfo?>("--weights") { Description = "Checkpoint to evaluate (default: the shipped checkpoint of --model)." };
        var seed = CommandOptions.Positive("--seed", DefaultSeed, "Seed of the evaluation clips; pick one training did not use.");
        var clips = CommandOptions.Positive("--clips", 500, "Evaluation clips (class-balanced).");
        var width = new Option<int?>("--width") { Description = "Evaluate at this frame width (default: the checkpoint's)." };
        var height = new Option<int?>("--height") { Description = "Evaluate at this frame height (default: the checkpoint's)." };
        var batch = CommandOptions.Positive("--batch-size", 32, "Clips per forward pass.");
        var threads = new Option<int?>("--threads") { Description = "Torch intra-op threads (default: torch's choice)." };
        var output = new Option<FileInfo?>("--output", "-o") { Description = "Write the report as JSON here." };
        var grid = new Option<bool>("--grid")
        {
            Description = "Instead of clips, measure top-1 at every frame size x frame skip the latency controller may choose as shipped ("
                + "sizes 1, 0.75, 0.5 of the checkpoint's, at least 16 pixels; frame skip 0-4), on the synthetic scene a camera sends, "
                + "each sequence labelled with the action most of its frames show.",
        };
        var gridSequences = CommandOptions.Positive("--grid-sequences", 500, "Sequences per cell of the grid.");
        var framesPerAction = new Option<int?>("--frames-per-action") { Description = "Frames each action of the grid's scene lasts (default: what the checkpoint was trained on)." };
        var saveGrid = new Option<bool>("--save-grid") { Description = "Store the grid in the checkpoint's manifest (the weights are copied byte for byte); implies --grid." };

        var command = new Command("evaluate", "Score a checkpoint on freshly generated synthetic action clips.")
        {
            kind, weights, seed, clips, width, height, batch, threads, output, grid, gridSequences, framesPerAction, saveGrid,
        };
        command.SetAction(async (parse, ct) =>
        {
            var request = new EvaluationRequest(parse.GetValue(kind)!, parse.GetValue(weights)?.FullName, parse.GetValue(seed),
                parse.GetValue(clips), parse.GetValue(width), parse.GetValue(height), parse.GetValue(batch), parse.GetValue(threads),
                parse.GetValue(output)?.FullName, parse.GetValue(grid) || parse.GetValue(saveGrid), parse.GetValue(gridSequences),
                parse.GetValue(framesPerAction), parse.GetValue(saveGrid));
            return await Task.Run(() => Run(request, parse.InvocationConfiguration.Output, ct), ct);
        });
        return command;
    }

    internal static int Run(EvaluationRequest request, TextWriter output, CancellationToken cancellationToken)
    {
        var path = request.Weights ?? ShippedModels.PathFor(request.Kind);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException(request.Weights is null
                ? $"No shipped checkpoint for '{request.Kind}' at {path}; pass --weights."
                : $"Checkpoint not found: {path}", path);
        }

        if (request.Threads is { } threads)
        {
            torch.set_num_threads(threads);
        }

        var loaded = Checkpoint.Load(path);
        using var model = loaded.Model;
        if (!string.Equals(model.Kind, request.Kind, StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"{path} holds a '{model.Kind}' model, not '{request.Kind}'.");
        }

        var config = model.Config;
        if (request.Grid)
        {
            return AccuracyGridCommand.Run(request, path, loaded, output, cancellationToken);
        }

        var (width, height) = (request.Width ?? config.InputWidth, request.Height ?? config.InputHeight);
        var report = new Evaluator(request.BatchSize).Evaluate(model.Module, request.Seed, request.Clips, width, height,
            config.SequenceLength, cancellationToken);

        output.WriteLine($"{model.Kind} {loaded.Metadata.Version} from {path}");
        output.WriteLine($"{report.ClipCount} clips of {config.SequenceLength}x{width}x{height}, seed {request.Seed}");
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"top-1 {report.Top1:P1}   top-5 {report.Top5:P1}"));
        ReportTables.Write(report, output);

        if (request.Output is { } reportPath)
        {
            var document = new EvaluationDocument(model.Kind, path, loaded.Metadata.Version, request.Seed, width, height,
                config.SequenceLength, report.Top1, report.Top5, report);
            File.WriteAllText(reportPath, CliJson.Serialize(document));
            output.WriteLine($"Wrote {reportPath}");
        }

        return 0;
    }

    internal sealed record EvaluationRequest(string Kind, string? Weights, int Seed, int Clips, int? Width, int? Height,
        int BatchSize, int? Threads, string? Output, bool Grid = false, int GridSequences = 500, int? FramesPerAction = null, bool SaveGrid = false);

    /// <summary>The JSON report: <c>top1</c> and <c>top5</c> are fractions in [0, 1].</summary>
    private sealed record EvaluationDocument(string Model, string Checkpoint, string Version, int Seed, int Width, int Height,
        int Frames, double Top1, double Top5, EvaluationReport Report);
}

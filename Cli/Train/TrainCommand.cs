using System.CommandLine;
using System.Globalization;
using EdgeVision.Cli.CommandLine;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Models;
using EdgeVision.Inference.Training;
using EdgeVision.Synthetic;

namespace EdgeVision.Cli.Train;

/// <summary>
/// <c>edgevision train</c>: trains a model kind on the synthetic actions, prints the learning curve, writes a
/// checkpoint (weights, configuration, labels, seed, this command line, held-out accuracy) and the curve as JSON.
/// </summary>
internal static class TrainCommand
{
    public static Command Create()
    {
        var options = new ModelOptions();
        var output = new Option<FileInfo>("--output", "-o") { Description = "Checkpoint file to write.", Required = true };
        var curve = new Option<FileInfo?>("--curve") { Description = "Learning curve JSON (default: the checkpoint path + .curve.json)." };
        var seed = CommandOptions.Positive("--seed", 1, "Seed for weights, shuffling and the training clips.");
        var epochs = CommandOptions.Positive("--epochs", 12, "Passes over the training clips.");
        var batch = CommandOptions.Positive("--batch-size", 16, "Clips per optimisation step.");
        var learningRate = new Option<double>("--lr") { Description = "Adam learning rate.", DefaultValueFactory = _ => 2e-3 };
        var trainClips = CommandOptions.Positive("--clips", 4000, "Training clips (class-balanced).");
        var heldOutClips = CommandOptions.Positive("--held-out-clips", 500, "Held-out clips scored after each epoch.");
        var heldOutSeed = CommandOptions.Positive("--held-out-seed", 1_000_003, "Seed of the held-out clips (must differ from --seed).");
        var version = new Option<string>("--version-tag") { Description = "Model version recorded in the checkpoint.", DefaultValueFactory = _ => "1.0.0" };
        var schedule = CommandOptions.Choice("--schedule", ["constant", "cosine"], "Learning-rate schedule after warm-up.", defaultValue: "constant");
        var warmup = new Option<double>("--warmup-epochs") { Description = "Epochs of linear learning-rate warm-up (fractions allowed).", DefaultValueFactory = _ => 0 };
        var clip = new Option<double>("--clip-grad-norm") { Description = "Clip the global gradient norm to this (0: off).", DefaultValueFactory = _ => 0 };
        var weightDecay = new Option<double>("--weight-decay") { Description = "Adam weight decay (L2).", DefaultValueFactory = _ => 0 };
        var initFrom = new Option<FileInfo[]>("--init-from")
        {
            Description = "Start from these checkpoints: the same kind loads the whole model; for a hybrid, a convlstm, conv3d or transformer checkpoint fills that branch. Repeatable.",
            AllowMultipleArgumentsPerToken = false,
        };
        var freeze = new Option<bool>("--freeze-branches") { Description = "Hybrid only: train the fusion, not the three branches." };

        var command = new Command("train", "Train a temporal model on the synthetic action clips and write a checkpoint.")
        {
            output, curve, seed, epochs, batch, learningRate, trainClips, heldOutClips, heldOutSeed, version,
            schedule, warmup, clip, weightDecay, initFrom, freeze,
        };
        options.AddTo(command);
        command.SetAction(async (parse, ct) =>
        {
            var training = new TrainingOptions
            {
                Epochs = parse.GetValue(epochs), BatchSize = parse.GetValue(batch), LearningRate = parse.GetValue(learningRate),
                Width = parse.GetValue(options.Width), Height = parse.GetValue(options.Height), Frames = parse.GetValue(options.Frames),
                TrainClips = parse.GetValue(trainClips), TrainSeed = parse.GetValue(seed), HeldOutClips = parse.GetValue(heldOutClips),
                HeldOutSeed = parse.GetValue(heldOutSeed), Seed = parse.GetValue(seed), Threads = parse.GetValue(options.Threads),
                Schedule = Enum.Parse<LearningRateSchedule>(parse.GetValue(schedule)!, ignoreCase: true), WarmupEpochs = parse.GetValue(warmup),
                GradientClipNorm = parse.GetValue(clip), WeightDecay = parse.GetValue(weightDecay),
            };
            var start = new ModelStart(parse.GetValue(initFrom)?.Select(f => f.FullName).ToArray() ?? [], parse.GetValue(freeze));
            var checkpoint = parse.GetValue(output)!;
            var curveFile = parse.GetValue(curve) ?? new FileInfo(checkpoint.FullName + ".curve.json");
            var commandLine = CommandLineText.Of(parse);
            return await Task.Run(() => Run(options.Read(parse), training, start, checkpoint, curveFile, parse.GetValue(version)!, commandLine,
                parse.InvocationConfiguration.Output, ct), ct);
        });
        return command;
    }

    internal static int Run(ModelChoice choice, TrainingOptions training, ModelStart start, FileInfo checkpoint, FileInfo curveFile, string version,
        string commandLine, TextWriter output, CancellationToken cancellationToken)
    {
        if (training.TrainSeed == training.HeldOutSeed)
        {
            throw new ArgumentException("--held-out-seed must differ from --seed, or held-out clips would be training clips.");
        }

        var errors = training.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(Environment.NewLine, errors));
        }

        var config = choice.ModelConfig(ActionClasses.Count);
        using var model = VideoModelFactory.Create(choice.Kind, config, choice.Fusion);
        start.Apply(model, output);
        output.WriteLine($"Training {choice.Kind} ({CountParameters(model):N0} parameters) on {training.TrainClips} clips of "
            + $"{training.Frames}x{training.Width}x{training.Height}, {training.Epochs} epochs, seed {training.Seed}.");

        var progress = new SynchronousProgress<TrainingProgress>(p =>
        {
            if (p.CompletedEpoch is { } epoch)
            {
                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"epoch {epoch.Epoch,3}/{p.Epochs}  loss {epoch.TrainLoss:F4}  train {epoch.TrainAccuracy:P1}  held-out {epoch.HeldOutAccuracy:P1}  ({epoch.Elapsed.TotalSeconds:F1} s)"));
                // Every epoch lands on disk (its metadata says how many epochs it had), so a run stopped early on a
                // shared machine still leaves its latest weights; the final save below replaces it.
                checkpoint.Directory?.Create();
                Checkpoint.Save(checkpoint.FullName, model, new CheckpointMetadata(version, DateTimeOffset.UtcNow, training.Seed, commandLine,
                    epoch.Epoch, new Dictionary<string, double> { ["top1"] = epoch.HeldOutAccuracy }, training.Frames), ActionClasses.Names);
            }
        });
        var result = new Trainer(training).Train(model.Module, progress, cancellationToken);

        var metrics = new Dictionary<string, double> { ["top1"] = result.HeldOut.Top1, ["top5"] = result.HeldOut.Top5 };
        // Every training clip is one whole action of training.Frames frames: the pace a synthetic scene must play at for this model.
        var metadata = new CheckpointMetadata(version, DateTimeOffset.UtcNow, training.Seed, commandLine, training.Epochs, metrics, training.Frames);
        checkpoint.Directory?.Create();
        Checkpoint.Save(checkpoint.FullName, model, metadata, ActionClasses.Names);
        File.WriteAllText(curveFile.FullName, CliJson.Serialize(new LearningCurve(choice.Kind, training.Seed, result.Epochs, result.HeldOut)));

        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"Held-out top-1 {result.HeldOut.Top1:P1}, top-5 {result.HeldOut.Top5:P1} on {result.HeldOut.ClipCount} clips (seed {training.HeldOutSeed})."));
        checkpoint.Refresh();
        output.WriteLine($"Wrote {checkpoint.FullName} ({checkpoint.Length / 1024.0:F0} KiB) and {curveFile.FullName}.");
        return 0;
    }

    private static long CountParameters(IVideoModel model) => model.Module.parameters().Sum(p => p.numel());

    private sealed record LearningCurve(string Model, long Seed, IReadOnlyList<EpochResult> Epochs, EvaluationReport HeldOut);
}

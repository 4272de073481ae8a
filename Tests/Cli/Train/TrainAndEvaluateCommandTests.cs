using System.Text.Json;
using EdgeVision.Cli;
using EdgeVision.Inference.Checkpoints;

namespace EdgeVision.Tests.Cli.Train;

/// <summary>Runs the real commands end to end on a tiny model: train writes a checkpoint, evaluate scores it.</summary>
[Collection(EdgeVision.Tests.Inference.TorchGlobalStateCollection.Name)]
public sealed class TrainAndEvaluateCommandTests : IDisposable
{
    private readonly DirectoryInfo _dir = Directory.CreateTempSubdirectory("edgevision-cli-");

    [Fact]
    public async Task TrainWritesACheckpointThatEvaluateScoresIntoAJsonReport()
    {
        var checkpoint = Path.Combine(_dir.FullName, "tiny.ckpt");
        var report = Path.Combine(_dir.FullName, "report.json");

        var (trainExit, trainOut, trainErr) = await RunAsync("train", "--model", "conv3d", "-o", checkpoint, "--clips", "20",
            "--held-out-clips", "10", "--epochs", "1", "--batch-size", "10", "--width", "16", "--height", "16",
            "--sequence-length", "4", "--hidden-dim", "4", "--layers", "1", "--seed", "7", "--threads", "1");
        var (evalExit, evalOut, evalErr) = await RunAsync("evaluate", "--model", "conv3d", "--weights", checkpoint,
            "--clips", "20", "--seed", "99", "-o", report, "--threads", "1");

        Assert.True(trainExit == 0, trainOut + trainErr);
        Assert.Contains("epoch   1/1", trainOut);
        var loaded = Checkpoint.Load(checkpoint);
        loaded.Model.Dispose();
        Assert.Equal(7, loaded.Metadata.Seed);
        Assert.StartsWith("edgevision train --model conv3d", loaded.Metadata.TrainingCommand);
        // Every training clip was one whole action of 4 frames: the pace a synthetic scene must play at for this model.
        Assert.Equal(4, loaded.Metadata.FramesPerAction);
        Assert.Equal("move_left", loaded.Labels[0]);
        Assert.True(File.Exists(checkpoint + ".curve.json"));

        Assert.True(evalExit == 0, evalOut + evalErr);
        Assert.Contains("confusion matrix", evalOut);
        using var json = JsonDocument.Parse(await File.ReadAllTextAsync(report, TestContext.Current.CancellationToken));
        var top1 = json.RootElement.GetProperty("top1").GetDouble();
        Assert.InRange(top1, 0, 1);
        var matrix = json.RootElement.GetProperty("report").GetProperty("confusionMatrix");
        var total = matrix.EnumerateArray().Sum(row => row.EnumerateArray().Sum(cell => cell.GetInt32()));
        var diagonal = matrix.EnumerateArray().Select((row, i) => row[i].GetInt32()).Sum();
        Assert.Equal(20, total);
        Assert.Equal(top1, diagonal / 20.0, 6);
    }

    [Fact]
    public async Task UnknownModelKindIsAnErrorListingTheValidOnes()
    {
        var (exit, _, error) = await RunAsync("train", "--model", "lstm", "-o", Path.Combine(_dir.FullName, "x.ckpt"));

        Assert.NotEqual(0, exit);
        Assert.Contains("Unknown model 'lstm'. Valid choices: convlstm, conv3d, transformer, hybrid.", error);
    }

    [Fact]
    public async Task EvaluatingAMissingCheckpointSaysWhichFile()
    {
        var missing = Path.Combine(_dir.FullName, "nope.ckpt");

        var (exit, _, error) = await RunAsync("evaluate", "--model", "conv3d", "--weights", missing);

        Assert.Equal(EdgeVisionCommand.UserErrorExitCode, exit);
        Assert.Contains($"error: Checkpoint not found: {missing}", error);
    }

    [Fact]
    public async Task NonPositiveCountsAreRejectedBeforeAnythingRuns()
    {
        var (exit, _, error) = await RunAsync("evaluate", "--model", "conv3d", "--clips", "0");

        Assert.NotEqual(0, exit);
        Assert.Contains("--clips must be a positive whole number (was 0).", error);
    }

    [Fact]
    public async Task HeldOutSeedEqualToTrainingSeedIsRefused()
    {
        var (exit, _, error) = await RunAsync("train", "--model", "conv3d", "-o", Path.Combine(_dir.FullName, "x.ckpt"),
            "--seed", "5", "--held-out-seed", "5");

        Assert.Equal(EdgeVisionCommand.UserErrorExitCode, exit);
        Assert.Contains("--held-out-seed must differ from --seed", error);
    }

    [Fact]
    public async Task HybridTrainedFromBranchCheckpointsWithFrozenBranchesKeepsTheirWeights()
    {
        string[] shape = ["--width", "16", "--height", "16", "--sequence-length", "4", "--hidden-dim", "4", "--layers", "1", "--threads", "1"];
        string[] tiny = ["--clips", "20", "--held-out-clips", "10", "--epochs", "1", "--batch-size", "10", "--seed", "7", .. shape];
        var conv3d = Path.Combine(_dir.FullName, "conv3d.ckpt");
        var hybrid = Path.Combine(_dir.FullName, "hybrid.ckpt");
        var (exit, output, error) = await RunAsync(["train", "--model", "conv3d", "-o", conv3d, .. tiny]);
        Assert.True(exit == 0, output + error);

        (exit, output, error) = await RunAsync(["train", "--model", "hybrid", "-o", hybrid, "--init-from", conv3d, "--freeze-branches", "--lr", "0.05", .. tiny]);

        Assert.True(exit == 0, output + error);
        Assert.Contains("Hybrid conv3d branch initialised from", output);
        var source = Checkpoint.Load(conv3d);
        var trained = Checkpoint.Load(hybrid);
        using (source.Model)
        using (trained.Model)
        {
            var branch = trained.Model.Module.state_dict();
            Assert.All(source.Model.Module.state_dict().Where(p => p.Key.Contains("weight", StringComparison.Ordinal)),
                p => Assert.True(p.Value.eq(branch["conv3d." + p.Key]).all().item<bool>(), $"conv3d.{p.Key} changed"));
            Assert.Contains("--freeze-branches", trained.Metadata.TrainingCommand, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task FreezingBranchesOfANonHybridIsAnError()
    {
        var (exit, _, error) = await RunAsync("train", "--model", "conv3d", "-o", Path.Combine(_dir.FullName, "x.ckpt"), "--freeze-branches",
            "--clips", "10", "--held-out-clips", "10", "--epochs", "1", "--width", "16", "--height", "16");

        Assert.NotEqual(0, exit);
        Assert.Contains("--freeze-branches applies to the hybrid only", error);
    }

    public void Dispose() => _dir.Delete(recursive: true);

    private static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await EdgeVisionCommand.InvokeAsync(args, output, error, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }
}

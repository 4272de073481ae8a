using System.IO.Compression;
using System.Security.Cryptography;
using EdgeVision.Cli;
using EdgeVision.Cli.Evaluate;
using EdgeVision.Inference.Checkpoints;

namespace EdgeVision.Tests.Cli;

/// <summary>
/// The reference checkpoints in models/ recognise actions on clips they never saw (a seed training did not
/// use), through the same path as `edgevision evaluate --model KIND` with no --weights.
/// </summary>
[Collection(EdgeVision.Tests.Inference.TorchGlobalStateCollection.Name)]
public sealed class ShippedCheckpointTests
{
    [Theory]
    [InlineData("convlstm")]
    [InlineData("conv3d")]
    [InlineData("transformer")]
    [InlineData("hybrid")]
    public void ShippedCheckpointReachesNinetyPercentOnHeldOutClips(string kind)
    {
        var report = Path.Combine(Path.GetTempPath(), $"edgevision-shipped-{kind}-{Guid.NewGuid():N}.json");
        var output = new StringWriter();
        try
        {
            var exit = EvaluateCommand.Run(new EvaluateCommand.EvaluationRequest(kind, Weights: null, Seed: EvaluateCommand.DefaultSeed,
                Clips: 100, Width: null, Height: null, BatchSize: 50, Threads: null, Output: report), output, TestContext.Current.CancellationToken);

            Assert.Equal(0, exit);
            using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(report));
            var top1 = json.RootElement.GetProperty("top1").GetDouble();
            Assert.True(top1 >= 0.90, $"{kind}: top-1 {top1:P1} on 100 held-out clips\n{output}");
        }
        finally
        {
            File.Delete(report);
        }
    }

    [Theory]
    [InlineData("conv3d", "6bff9c567cd89442374fc099d5cffa0f1c4c0031b3f3761852fb445944a2abc7")]
    [InlineData("convlstm", "3291b79f5c4eea76c3e033a2b68a7e82b23e3b22e1de5b36520713442965ae72")]
    [InlineData("transformer", "7faa4066d1738d2663b99b3969cacde7645d9bf952f6cab2f947e93b66e97e7c")]
    [InlineData("hybrid", "b959a51fe4f799cd1d1f87a86d515ffa395406f959ed9621d7e36843d3861830")]
    public void ShippedCheckpointCarriesItsAccuracyAtEverySettingTheControllerMayChooseAndItsTrainedWeights(string kind, string weightsSha256)
    {
        var path = ShippedModels.PathFor(kind);

        using (var archive = ZipFile.OpenRead(path))
        using (var weights = archive.GetEntry("weights.safetensors")!.Open())
        {
            Assert.Equal(weightsSha256, Convert.ToHexStringLower(SHA256.HashData(weights)));
        }

        var grid = Checkpoint.ReadMetadata(path).AccuracyGrid;
        Assert.NotNull(grid);
        foreach (var side in new[] { 32, 24, 16 })
        {
            for (var skip = 0; skip <= 4; skip++)
            {
                Assert.True(grid.Top1(side, side, skip) is not null, $"{kind}: no accuracy at {side}x{side}, frame skip {skip}");
            }
        }

        Assert.True(grid.Top1(32, 32, 0) >= 0.9, $"{kind}: {grid.Top1(32, 32, 0):P1} at the trained size");
    }
}

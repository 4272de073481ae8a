using EdgeVision.Cli.Commands;

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
}

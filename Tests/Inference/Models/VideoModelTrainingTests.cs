using EdgeVision.Inference.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeVision.Tests.Inference.Models;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class VideoModelTrainingTests
{
    [Theory]
    [MemberData(nameof(TinyModels.AllModels), MemberType = typeof(TinyModels))]
    public void OneBackwardPassReachesEveryParameter(string kind, FusionMode fusion)
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Create(kind, fusion, TinyModels.Config(layers: 2));
        model.Module.train();

        Loss(model, TinyModels.Frames(batch: 2), tensor(new long[] { 1, 3 })).backward();

        var starved = model.Module.named_parameters()
            .Where(p => p.parameter.grad is null || p.parameter.grad.abs().sum().item<float>() == 0f)
            .Select(p => p.name)
            .ToList();
        // Concat classifies the fused features, so the three models' own heads only serve GetIndividualOutputs.
        string[] unusedByDesign = fusion == FusionMode.Concat && kind == VideoModelKinds.Hybrid
            ? ["convLstm.head.weight", "convLstm.head.bias", "conv3d.head.weight", "conv3d.head.bias", "transformer.head.weight", "transformer.head.bias"]
            : [];
        Assert.True(starved.SequenceEqual(unusedByDesign), $"No gradient reached: {string.Join(", ", starved.Except(unusedByDesign))}");
    }

    [Theory]
    [InlineData(VideoModelKinds.ConvLstm, 0.02)]
    [InlineData(VideoModelKinds.Conv3d, 0.02)]
    [InlineData(VideoModelKinds.Transformer, 0.005)]
    public void OverfitsATinyBatch(string kind, double learningRate)
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Create(kind, config: TinyModels.Config(hidden: 16), seed: 3);
        model.Module.train();
        // Noise around a different brightness per clip: learnable, unlike pure noise whose pooled mean is the same.
        var frames = TinyModels.Frames(batch: 4, seed: 5) * 0.2 + arange(4, dtype: float32).reshape(4, 1, 1, 1, 1) * 0.25;
        var targets = tensor(new long[] { 0, 1, 2, 3 });
        var optimizer = optim.Adam(model.Module.parameters(), lr: learningRate);

        var losses = new List<float>();
        for (var step = 0; step < 60; step++)
        {
            using var stepScope = NewDisposeScope();
            optimizer.zero_grad();
            var loss = Loss(model, frames, targets);
            loss.backward();
            optimizer.step();
            losses.Add(loss.item<float>());
        }

        Assert.True(losses[^1] < 0.15f, $"Loss went {string.Join(" -> ", losses.Where((_, i) => i % 5 == 0 || i == losses.Count - 1).Select(l => l.ToString("F3")))}");
    }

    private static Tensor Loss(IVideoModel model, Tensor frames, Tensor targets)
    {
        var output = model.Module.call(frames);
        // The ensemble's forward is already probabilities: train it on their log.
        return model.ForwardReturnsProbabilities
            ? nn.functional.nll_loss(output.clamp_min(1e-9).log(), targets)
            : nn.functional.cross_entropy(output, targets);
    }
}

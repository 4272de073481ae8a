using EdgeVision.Inference.Models;
using static TorchSharp.torch;

namespace EdgeVision.Tests.Inference.Models;

public sealed class VideoModelShapeTests
{
    [Theory]
    [MemberData(nameof(TinyModels.AllModels), MemberType = typeof(TinyModels))]
    public void MapsABatchOfSequencesToOneRowOfClassScoresPerSequence(string kind, FusionMode fusion)
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Create(kind, fusion);

        var output = model.Module.call(TinyModels.Frames(batch: 2));

        Assert.Equal(new long[] { 2, TinyModels.Classes }, output.shape);
        Assert.Equal(new long[] { 2, model.FeatureDim }, model.Features(TinyModels.Frames(batch: 2)).shape);
    }

    [Theory]
    [MemberData(nameof(TinyModels.AllModels), MemberType = typeof(TinyModels))]
    public void AcceptsFramesSmallerThanConfiguredWithoutRetraining(string kind, FusionMode fusion)
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Create(kind, fusion);
        model.Module.eval();

        var probabilities = model.Probabilities(TinyModels.Frames(batch: 2, size: 24));

        Assert.Equal(new long[] { 2, TinyModels.Classes }, probabilities.shape);
        Assert.All(probabilities.sum(1).data<float>().ToArray(), total => Assert.Equal(1f, total, 1e-5f));
    }

    [Theory]
    [MemberData(nameof(TinyModels.AllModels), MemberType = typeof(TinyModels))]
    public void GivesProbabilitiesThatSumToOnePerRowInEveryMode(string kind, FusionMode fusion)
    {
        using var scope = NewDisposeScope();
        using var model = TinyModels.Create(kind, fusion);
        model.Module.eval();

        var probabilities = model.Probabilities(TinyModels.Frames(batch: 3));

        Assert.True(probabilities.ge(0).all().item<bool>());
        Assert.All(probabilities.sum(1).data<float>().ToArray(), total => Assert.Equal(1f, total, 1e-5f));
    }

    [Fact]
    public void EnsembleForwardReturnsTheMeanOfTheThreeModelsProbabilities()
    {
        using var scope = NewDisposeScope();
        using var model = (HybridVideoModel)TinyModels.Create(VideoModelKinds.Hybrid, FusionMode.Ensemble);
        model.eval();
        var frames = TinyModels.Frames();

        var fused = model.call(frames);
        var parts = model.GetIndividualOutputs(frames);
        var expected = (parts.ConvLstm.softmax(1) + parts.Conv3d.softmax(1) + parts.Transformer.softmax(1)) / 3;

        Assert.True(model.ForwardReturnsProbabilities);
        Assert.True(fused.allclose(expected, atol: 1e-6));
        Assert.All(fused.sum(1).data<float>().ToArray(), total => Assert.Equal(1f, total, 1e-5f));
    }

    [Fact]
    public void WeightedFusionWeightsAreNormalisedAndApplyToTheIndividualLogits()
    {
        using var scope = NewDisposeScope();
        using var model = (HybridVideoModel)TinyModels.Create(VideoModelKinds.Hybrid, FusionMode.Weighted);
        model.eval();
        var frames = TinyModels.Frames();
        var weightParameter = model.parameters().Single(p => p.dim() == 1 && p.shape[0] == 3);
        using (no_grad())
        {
            weightParameter.copy_(tensor(new float[] { 0.5f, -1f, 2f }));
        }

        var weights = model.NormalizedFusionWeights();
        var parts = model.GetIndividualOutputs(frames);
        var expected = weights[0] * parts.ConvLstm + weights[1] * parts.Conv3d + weights[2] * parts.Transformer;

        Assert.Equal(1f, weights.Sum(), 1e-5f);
        Assert.True(weights[2] > weights[0] && weights[0] > weights[1]);
        Assert.True(model.call(frames).allclose(expected, atol: 1e-5));
    }

    [Theory]
    [InlineData(FusionMode.Weighted)]
    [InlineData(FusionMode.Concat)]
    [InlineData(FusionMode.Ensemble)]
    public void ReturnsEachModelsLogitsIndividually(FusionMode fusion)
    {
        using var scope = NewDisposeScope();
        using var model = (HybridVideoModel)TinyModels.Create(VideoModelKinds.Hybrid, fusion);

        var parts = model.GetIndividualOutputs(TinyModels.Frames(batch: 2));

        Assert.All([parts.ConvLstm, parts.Conv3d, parts.Transformer], logits => Assert.Equal(new long[] { 2, TinyModels.Classes }, logits.shape));
        Assert.False(parts.ConvLstm.allclose(parts.Conv3d));
    }

    [Fact]
    public void ConcatFusionHasNoPerModelWeights()
    {
        using var model = (HybridVideoModel)TinyModels.Create(VideoModelKinds.Hybrid, FusionMode.Concat);

        Assert.Throws<InvalidOperationException>(() => model.NormalizedFusionWeights());
    }
}

using EdgeVision.Inference.Models;
using static TorchSharp.torch;

namespace EdgeVision.Tests.Inference.Models;

[Collection(TorchGlobalStateCollection.Name)]
public sealed class HybridBranchInitializationTests
{
    [Theory]
    [InlineData(VideoModelKinds.ConvLstm)]
    [InlineData(VideoModelKinds.Conv3d)]
    [InlineData(VideoModelKinds.Transformer)]
    public void BranchInitialisedFromATrainedModelGivesThatModelsOutputs(string kind)
    {
        using var scope = NewDisposeScope();
        using var trained = TinyModels.Create(kind, seed: 1);
        using var hybrid = (HybridVideoModel)TinyModels.Create(VideoModelKinds.Hybrid, seed: 2);
        trained.Module.eval();
        hybrid.eval();
        var frames = TinyModels.Frames(batch: 2);

        hybrid.InitializeBranch(trained);

        var outputs = hybrid.GetIndividualOutputs(frames);
        var branch = kind switch
        {
            VideoModelKinds.ConvLstm => outputs.ConvLstm,
            VideoModelKinds.Conv3d => outputs.Conv3d,
            _ => outputs.Transformer,
        };
        Assert.True(branch.allclose(trained.Module.call(frames), rtol: 1e-5, atol: 1e-6), $"{kind} branch differs from the model it was initialised from");
    }

    [Fact]
    public void BranchFromAModelOfAnotherShapeIsRejectedNamingTheParameter()
    {
        using var trained = TinyModels.Create(VideoModelKinds.Conv3d, config: TinyModels.Config(hidden: 12));
        using var hybrid = (HybridVideoModel)TinyModels.Create(VideoModelKinds.Hybrid);

        var error = Assert.Throws<ArgumentException>(() => hybrid.InitializeBranch(trained));

        Assert.Contains("blocks.conv0.weight has shape [12, 6, 3, 3, 3] in the weights but [8, 6, 3, 3, 3] in the model", error.Message);
    }

    [Fact]
    public void FrozenBranchesLeaveOnlyTheFusionWeightsTrainable()
    {
        using var hybrid = (HybridVideoModel)TinyModels.Create(VideoModelKinds.Hybrid);

        hybrid.FreezeBranches();

        Assert.Equal(["fusionWeights"], hybrid.named_parameters().Where(p => p.parameter.requires_grad).Select(p => p.name));
    }
}

using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Models;
using TorchSharp.PyBridge;
using static TorchSharp.torch;

namespace EdgeVision.Tests.Inference.Checkpoints;

// The state dicts here are written by PyBridge's save_py, which produces torch.save's zip format.
public sealed class PyTorchImportTests : IDisposable
{
    private readonly TemporaryDirectory directory = new();

    public void Dispose() => directory.Dispose();

    [Theory]
    [InlineData(VideoModelKinds.ConvLstm)]
    [InlineData(VideoModelKinds.Transformer)]
    [InlineData(VideoModelKinds.Hybrid)]
    public void ImportsAPyTorchStateDictIntoTheSameArchitecture(string kind)
    {
        using var scope = NewDisposeScope();
        var path = directory.File("model.pth");
        using var source = TinyModels.Create(kind, seed: 1);
        source.Module.eval();
        source.Module.save_py(path);

        var imported = Checkpoint.ImportPyTorchStateDict(path, kind, TinyModels.Config(), ["a", "b", "c", "d", "e"]);
        using var model = imported.Model;
        model.Module.eval();

        var frames = TinyModels.Frames();
        Assert.True(source.Module.call(frames).eq(model.Module.call(frames)).all().item<bool>());
        Assert.Equal(["a", "b", "c", "d", "e"], imported.Labels);
    }

    [Fact]
    public void StateDictOfAnotherHiddenSizeIsRejectedWithBothShapes()
    {
        var path = directory.File("model.pth");
        using (var source = TinyModels.Create(VideoModelKinds.Conv3d, config: TinyModels.Config(hidden: 12)))
        {
            source.Module.save_py(path);
        }

        var error = Assert.Throws<CheckpointMismatchException>(
            () => Checkpoint.ImportPyTorchStateDict(path, VideoModelKinds.Conv3d, TinyModels.Config(hidden: 8)));

        Assert.Contains("head.weight has shape [5, 192] in the weights but [5, 128] in the model", error.Message);
    }

    [Fact]
    public void StateDictWithMissingAndExtraParametersNamesThem()
    {
        var path = directory.File("model.pth");
        using (var source = TinyModels.Create(VideoModelKinds.Conv3d, config: TinyModels.Config(layers: 2)))
        {
            source.Module.save_py(path, skip: ["head.bias"]);
        }

        var error = Assert.Throws<CheckpointMismatchException>(
            () => Checkpoint.ImportPyTorchStateDict(path, VideoModelKinds.Conv3d, TinyModels.Config(layers: 1)));

        Assert.Contains("missing parameters: head.bias", error.Message);
        Assert.Contains("unexpected parameters: blocks.conv1.bias, blocks.conv1.weight", error.Message);
    }
}

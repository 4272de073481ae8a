using EdgeVision.Inference.Models;
using static TorchSharp.torch;

namespace EdgeVision.Tests.Inference.Models;

public sealed class ConvLstmCellTests
{
    [Fact]
    public void ComputesAllFourGatesWithOneConvolutionOverInputAndHiddenState()
    {
        using var cell = new ConvLstmCell("cell", inputChannels: 3, hiddenChannels: 8);

        var parameters = cell.named_parameters().ToDictionary(p => p.name, p => p.parameter.shape);

        Assert.Equal(["gates.bias", "gates.weight"], parameters.Keys.Order());
        Assert.Equal(new long[] { 4 * 8, 3 + 8, 3, 3 }, parameters["gates.weight"]);
    }

    [Fact]
    public void CarriesStateAcrossStepsSoTheSameInputGivesADifferentOutputLater()
    {
        using var scope = NewDisposeScope();
        manual_seed(1);
        using var cell = new ConvLstmCell("cell", 3, 4);
        var input = rand(1, 3, 6, 6);
        var zero = zeros(1, 4, 6, 6);

        var (first, firstCell) = cell.call(input, zero, zero);
        var (second, _) = cell.call(input, first, firstCell);

        Assert.Equal(new long[] { 1, 4, 6, 6 }, first.shape);
        Assert.False(first.allclose(second));
        Assert.True(first.abs().max().item<float>() < 1f);
    }
}

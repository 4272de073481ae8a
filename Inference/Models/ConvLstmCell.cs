using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Models;

/// <summary>
/// One convolutional LSTM cell (Shi et al. 2015): the four gates come from a single convolution over
/// concat(input, hidden), so the gates see space as well as time.
/// </summary>
public sealed class ConvLstmCell : nn.Module<Tensor, Tensor, Tensor, (Tensor Hidden, Tensor Cell)>
{
    private readonly Conv2d gates;

    public ConvLstmCell(string name, long inputChannels, long hiddenChannels, long kernelSize = 3)
        : base(name)
    {
        HiddenChannels = hiddenChannels;
        gates = nn.Conv2d(inputChannels + hiddenChannels, 4 * hiddenChannels, kernelSize, padding: kernelSize / 2);
        // Forget-gate bias 1 (Jozefowicz et al. 2015): the cell starts by remembering, so early motion reaches the end.
        using (no_grad())
        {
            gates.bias!.narrow(0, hiddenChannels, hiddenChannels).fill_(1.0);
        }

        RegisterComponents();
    }

    public long HiddenChannels { get; }

    /// <summary>One step: input (batch, c, h, w), hidden and cell (batch, hidden, h, w).</summary>
    public override (Tensor Hidden, Tensor Cell) forward(Tensor input, Tensor hidden, Tensor cell)
    {
        using var scope = NewDisposeScope();
        var chunks = gates.call(cat([input, hidden], 1)).chunk(4, 1);
        var inputGate = chunks[0].sigmoid();
        var forgetGate = chunks[1].sigmoid();
        var outputGate = chunks[2].sigmoid();
        var candidate = chunks[3].tanh();
        var nextCell = forgetGate * cell + inputGate * candidate;
        var nextHidden = outputGate * nextCell.tanh();
        return (nextHidden.MoveToOuterDisposeScope(), nextCell.MoveToOuterDisposeScope());
    }
}

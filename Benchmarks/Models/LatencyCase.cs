using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Benchmarks.Models;

/// <summary>One forward-latency measurement point: a model kind at a square frame side, batch size and sequence length.</summary>
internal sealed record LatencyCase(string Kind, int Side, int Batch, int Sequence, int HiddenDim, int Layers, int Classes)
{
    public VideoModelConfig Config() => new()
    {
        InputChannels = 3,
        InputHeight = Side,
        InputWidth = Side,
        SequenceLength = Sequence,
        HiddenDim = HiddenDim,
        NumLayers = Layers,
        Dropout = 0.1,
        NumClasses = Classes,
    };

    public override string ToString() => $"{Kind} {Side}x{Side} b{Batch} s{Sequence}";
}

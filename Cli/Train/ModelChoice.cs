using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Models;

namespace EdgeVision.Cli.Train;

/// <summary>A model kind and shape as chosen on the command line.</summary>
internal sealed record ModelChoice(string Kind, FusionMode Fusion, int Width, int Height, int Frames, int HiddenDim, int Layers, double Dropout)
{
    public VideoModelConfig ModelConfig(int classes) => new()
    {
        InputChannels = 3,
        InputWidth = Width,
        InputHeight = Height,
        SequenceLength = Frames,
        HiddenDim = HiddenDim,
        NumLayers = Layers,
        Dropout = Dropout,
        NumClasses = classes,
    };
}

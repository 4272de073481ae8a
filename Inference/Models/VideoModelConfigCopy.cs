using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Inference.Models;

/// <summary>VideoModelConfig is mutable (options binding); models keep their own copy so later edits cannot lie about them.</summary>
internal static class VideoModelConfigCopy
{
    public static VideoModelConfig Of(VideoModelConfig config) => new()
    {
        InputChannels = config.InputChannels,
        InputHeight = config.InputHeight,
        InputWidth = config.InputWidth,
        SequenceLength = config.SequenceLength,
        HiddenDim = config.HiddenDim,
        NumLayers = config.NumLayers,
        Dropout = config.Dropout,
        NumClasses = config.NumClasses,
    };
}

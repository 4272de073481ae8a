using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Models;
using static TorchSharp.torch;

namespace EdgeVision.Tests.Inference;

/// <summary>Tiny configurations and inputs so the whole inference suite runs in seconds on two cores.</summary>
internal static class TinyModels
{
    public const int Classes = 5;

    public static VideoModelConfig Config(int hidden = 8, int layers = 1, int classes = Classes, double dropout = 0.0) => new()
    {
        InputChannels = 3,
        InputHeight = 32,
        InputWidth = 32,
        SequenceLength = 4,
        HiddenDim = hidden,
        NumLayers = layers,
        Dropout = dropout,
        NumClasses = classes,
    };

    public static IVideoModel Create(string kind, FusionMode fusion = FusionMode.Weighted, VideoModelConfig? config = null, int seed = 7)
    {
        manual_seed(seed);
        return VideoModelFactory.Create(kind, config ?? Config(), fusion);
    }

    /// <summary>(batch, sequence, channels, height, width) noise, seeded.</summary>
    public static Tensor Frames(int batch = 2, int size = 32, int sequence = 4, int seed = 11)
    {
        manual_seed(seed);
        return rand(new long[] { batch, sequence, 3, size, size });
    }

    public static TheoryData<string, FusionMode> AllModels => new()
    {
        { VideoModelKinds.ConvLstm, FusionMode.Weighted },
        { VideoModelKinds.Conv3d, FusionMode.Weighted },
        { VideoModelKinds.Transformer, FusionMode.Weighted },
        { VideoModelKinds.Hybrid, FusionMode.Weighted },
        { VideoModelKinds.Hybrid, FusionMode.Concat },
        { VideoModelKinds.Hybrid, FusionMode.Ensemble },
    };
}

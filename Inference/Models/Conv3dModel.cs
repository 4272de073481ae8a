using EdgeVision.Contracts.Configuration;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Models;

/// <summary>
/// 3D CNN classifier: <c>NumLayers</c> blocks of Conv3d(3x3x3) + BatchNorm + ReLU + spatial max pooling,
/// then adaptive average pooling to (configured time, 2, 2) and a linear head. Pooling halves only space
/// (ceil mode) so short sequences and small frames never pool down to nothing.
/// </summary>
public sealed class Conv3dModel : nn.Module<Tensor, Tensor>, IVideoModel
{
    private const int GridSide = 2;

    private readonly Sequential blocks;
    private readonly AdaptiveAvgPool3d pool;
    private readonly Dropout dropout;
    private readonly Linear head;

    public Conv3dModel(VideoModelConfig config)
        : base(nameof(Conv3dModel))
    {
        Config = VideoModelConfigCopy.Of(config);
        var hidden = config.HiddenDim;
        var layers = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var i = 0; i < config.NumLayers; i++)
        {
            layers.Add(($"conv{i}", nn.Conv3d(i == 0 ? MotionInput.Channels(config.InputChannels) : hidden, hidden, 3, padding: 1)));
            layers.Add(($"norm{i}", nn.BatchNorm3d(hidden)));
            layers.Add(($"relu{i}", nn.ReLU()));
            layers.Add(($"pool{i}", nn.MaxPool3d((1, 2, 2), (1, 2, 2), ceil_mode: true)));
        }

        blocks = nn.Sequential(layers);
        // Keep time and a coarse 2x2 layout: global pooling averaged away where and when things moved, which is
        // all that tells these classes apart (it stayed near chance); the synthetic-data probe learned with this head.
        pool = nn.AdaptiveAvgPool3d((config.SequenceLength, GridSide, GridSide));
        FeatureDim = hidden * config.SequenceLength * GridSide * GridSide;
        dropout = nn.Dropout(config.Dropout);
        head = nn.Linear(FeatureDim, config.NumClasses);
        RegisterComponents();
    }

    public string Kind => VideoModelKinds.Conv3d;

    public VideoModelConfig Config { get; }

    public long FeatureDim { get; }

    public bool ForwardReturnsProbabilities => false;

    public nn.Module<Tensor, Tensor> Module => this;

    public override Tensor forward(Tensor frames)
    {
        using var scope = NewDisposeScope();
        return head.call(dropout.call(Features(frames))).MoveToOuterDisposeScope();
    }

    public Tensor Features(Tensor frames)
    {
        using var scope = NewDisposeScope();
        // Conv3d wants (batch, channels, time, height, width), channels-last in memory (see ChannelsLast).
        var volume = ChannelsLast.Of3d(MotionInput.Augment(frames).permute(0, 2, 1, 3, 4));
        return pool.call(blocks.call(volume)).flatten(1).MoveToOuterDisposeScope();
    }

    public Tensor Probabilities(Tensor frames) => VideoModelOutputs.Probabilities(this, frames);
}

using EdgeVision.Contracts.Configuration;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Models;

/// <summary>
/// Video transformer (ViViT-style joint space-time attention) with a convolutional tubelet embedding: two blocks of
/// 3x3x3 spatio-temporal convolution and 2x2 spatial max pooling (the hybrid tokeniser of ViT, Dosovitskiy et al.
/// 2021; early convolutions, Xiao et al. 2021), then a Conv3d tubelet embedding, a learned positional embedding over the (time, height, width) token grid, a CLS token,
/// <c>NumLayers</c> encoder layers and a linear head on the normalised CLS token. When frames (or sequences) are
/// smaller than configured, the positional grid is trilinearly resized to the actual token grid.
/// </summary>
public sealed class VideoTransformerModel : nn.Module<Tensor, Tensor>, IVideoModel
{
    private readonly Sequential stem;
    private readonly Conv3d tubelets;
    private readonly Parameter position;
    private readonly Parameter cls;
    private readonly Dropout embeddingDropout;
    private readonly ModuleList<TransformerEncoderLayer> layers;
    private readonly LayerNorm norm;
    private readonly Dropout dropout;
    private readonly Linear head;

    public VideoTransformerModel(VideoModelConfig config)
        : base(nameof(VideoTransformerModel))
    {
        Config = VideoModelConfigCopy.Of(config);
        long hidden = config.HiddenDim;
        // Patches of a quarter of the pooled side (16 tokens a frame pair at 32x32): an eighth gave 257 tokens, and
        // attention over them cost more on two CPU cores than the ConvLSTM; the stem keeps the detail a patch would blur.
        PatchSize = Math.Clamp(Math.Min(config.InputHeight, config.InputWidth) / (StemStride * 4), 1, 16);
        TubeletLength = config.SequenceLength >= 2 ? 2 : 1;
        Heads = new[] { 8, 4, 2 }.FirstOrDefault(h => hidden % h == 0 && hidden / h >= 8, 1);
        var grid = (T: (long)(config.SequenceLength / TubeletLength), H: (long)(Pooled(config.InputHeight) / PatchSize), W: (long)(Pooled(config.InputWidth) / PatchSize));

        // The stem sees three frames at full resolution, so which way an edge moved (all that tells a clockwise turn
        // from an anticlockwise one) is local to it. With a per-frame 2D stem training stayed at 20% after a warm-up
        // epoch; with one 3D block it crept to 41% in four epochs; the 3D CNN, these two blocks, reaches 91% in four.
        var blocks = new List<(string, nn.Module<Tensor, Tensor>)>();
        for (var i = 0; i < StemBlocks; i++)
        {
            blocks.Add(($"conv{i}", nn.Conv3d(i == 0 ? MotionInput.Channels(config.InputChannels) : hidden, hidden, 3, padding: 1)));
            blocks.Add(($"norm{i}", nn.BatchNorm3d(hidden)));
            blocks.Add(($"relu{i}", nn.ReLU()));
            blocks.Add(($"pool{i}", nn.MaxPool3d((1, 2, 2), (1, 2, 2), ceil_mode: true)));
        }

        stem = nn.Sequential(blocks);
        tubelets = nn.Conv3d(hidden, hidden, (TubeletLength, PatchSize, PatchSize), stride: (TubeletLength, PatchSize, PatchSize));
        position = new Parameter(randn([1L, hidden, grid.T, grid.H, grid.W]) * 0.02);
        cls = new Parameter(randn([1L, 1L, hidden]) * 0.02);
        embeddingDropout = nn.Dropout(config.Dropout);
        layers = new ModuleList<TransformerEncoderLayer>(Enumerable.Range(0, config.NumLayers)
            .Select(_ => nn.TransformerEncoderLayer(hidden, Heads, 4 * hidden, config.Dropout))
            .ToArray());
        norm = nn.LayerNorm(hidden);
        dropout = nn.Dropout(config.Dropout);
        head = nn.Linear(hidden, config.NumClasses);
        RegisterComponents();
    }

    public string Kind => VideoModelKinds.Transformer;

    public VideoModelConfig Config { get; }

    public long FeatureDim => Config.HiddenDim;

    public bool ForwardReturnsProbabilities => false;

    public nn.Module<Tensor, Tensor> Module => this;

    /// <summary>Convolution blocks before the tubelet embedding; each halves height and width.</summary>
    public const int StemBlocks = 2;

    /// <summary>Spatial downsampling of the stem before the tubelet embedding.</summary>
    public const int StemStride = 1 << StemBlocks;

    /// <summary>Side of a square patch on the stem's output; frames must be at least <c>StemStride</c> times as large.</summary>
    public int PatchSize { get; }

    /// <summary>Frames per tubelet.</summary>
    public int TubeletLength { get; }

    public int Heads { get; }

    public override Tensor forward(Tensor frames)
    {
        using var scope = NewDisposeScope();
        return head.call(dropout.call(Features(frames))).MoveToOuterDisposeScope();
    }

    public Tensor Features(Tensor frames)
    {
        using var scope = NewDisposeScope();
        // Same parameter-free motion channel as every model: tubelets then embed what moved, not only appearance.
        // (batch, time, c, h, w) -> (batch, c, time, h, w), channels-last in memory (see ChannelsLast).
        var input = ChannelsLast.Of3d(MotionInput.Augment(frames).permute(0, 2, 1, 3, 4));
        var batch = input.shape[0];
        var volume = ChannelsLast.Of3d(stem.call(input));
        var embedded = tubelets.call(volume);
        var grid = embedded.shape[2..];
        var positions = grid.SequenceEqual(position.shape[2..])
            ? position
            : nn.functional.interpolate(position, grid, mode: InterpolationMode.Trilinear, align_corners: false);
        // (batch, hidden, t, h, w) -> (batch, tokens, hidden)
        var tokens = (embedded + positions).flatten(2).transpose(1, 2);
        tokens = embeddingDropout.call(cat([cls.expand(batch, -1, -1), tokens], 1));
        // TorchSharp's encoder layer is sequence-first: (tokens, batch, hidden).
        var sequence = tokens.transpose(0, 1);
        foreach (var layer in layers)
        {
            sequence = layer.call(sequence);
        }

        return norm.call(sequence[0]).MoveToOuterDisposeScope();
    }

    public Tensor Probabilities(Tensor frames) => VideoModelOutputs.Probabilities(this, frames);

    private static int Pooled(int side)
    {
        for (var i = 0; i < StemBlocks; i++)
        {
            side = (side + 1) / 2;
        }

        return side;
    }
}

using EdgeVision.Contracts.Configuration;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Models;

/// <summary>
/// Video transformer (ViViT-style joint space-time attention): a per-frame 3x3 convolution stem (early
/// convolutions, Xiao et al. 2021: a linear patch embedding alone stayed at chance here), a Conv3d tubelet embedding, a learned
/// positional embedding over the (time, height, width) token grid, a CLS token, <c>NumLayers</c> encoder
/// layers and a linear head on the normalised CLS token. When frames (or sequences) are smaller than
/// configured, the positional grid is trilinearly resized to the actual token grid.
/// </summary>
public sealed class VideoTransformerModel : nn.Module<Tensor, Tensor>, IVideoModel
{
    private readonly Conv2d stem;
    private readonly BatchNorm2d stemNorm;
    private readonly ReLU stemActivation;
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
        // A quarter of the side (16 tokens a frame pair at 32x32): an eighth gave 257 tokens, and attention over them
        // cost more on two CPU cores than the ConvLSTM; the convolution stem keeps the detail a larger patch would blur.
        PatchSize = Math.Clamp(Math.Min(config.InputHeight, config.InputWidth) / 4, 1, 16);
        TubeletLength = config.SequenceLength >= 2 ? 2 : 1;
        Heads = new[] { 8, 4, 2 }.FirstOrDefault(h => hidden % h == 0 && hidden / h >= 8, 1);
        var grid = (T: (long)(config.SequenceLength / TubeletLength), H: (long)(config.InputHeight / PatchSize), W: (long)(config.InputWidth / PatchSize));

        stem = nn.Conv2d(MotionInput.Channels(config.InputChannels), hidden, 3, padding: 1);
        stemNorm = nn.BatchNorm2d(hidden);
        stemActivation = nn.ReLU();
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

    /// <summary>Side of a square patch in pixels; frames must be at least this large.</summary>
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
        var input = MotionInput.Augment(frames);
        var (batch, steps) = (input.shape[0], input.shape[1]);
        var perFrame = stemActivation.call(stemNorm.call(stem.call(input.flatten(0, 1))));
        // (batch, hidden, time, h, w) laid out channels-last: the stem now needs the tubelet convolution's input
        // gradient, which libtorch 2.10's CPU conv3d backward corrupts on contiguous NCDHW (see Conv3dModel).
        var volume = perFrame.permute(0, 2, 3, 1).contiguous()
            .reshape(batch, steps, perFrame.shape[2], perFrame.shape[3], perFrame.shape[1]).permute(0, 4, 1, 2, 3);
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
}

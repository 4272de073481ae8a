using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Checkpoints;
using TorchSharp;
using TorchSharp.Modules;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Models;

/// <summary>
/// The guide's hybrid: ConvLSTM, 3D CNN and video transformer side by side, fused by <see cref="Fusion"/>.
/// Weighted and Concat return logits from forward; Ensemble returns probabilities (the mean of the three
/// softmax outputs). <see cref="Probabilities"/> is the mode-independent way to get probabilities.
/// Parameters that a mode does not use are not created, so every parameter of a hybrid trains.
/// </summary>
public sealed class HybridVideoModel : nn.Module<Tensor, Tensor>, IVideoModel
{
    private readonly ConvLstmModel convLstm;
    private readonly Conv3dModel conv3d;
    private readonly VideoTransformerModel transformer;
    private readonly Parameter? fusionWeights;
    private readonly Dropout? concatDropout;
    private readonly Linear? concatHead;

    public HybridVideoModel(VideoModelConfig config, FusionMode fusion)
        : base(nameof(HybridVideoModel))
    {
        Config = VideoModelConfigCopy.Of(config);
        Fusion = fusion;
        convLstm = new ConvLstmModel(config);
        conv3d = new Conv3dModel(config);
        transformer = new VideoTransformerModel(config);
        FeatureDim = convLstm.FeatureDim + conv3d.FeatureDim + transformer.FeatureDim;
        switch (fusion)
        {
            case FusionMode.Weighted:
                // Zeros: softmax starts at equal weights.
                fusionWeights = new Parameter(zeros(3));
                break;
            case FusionMode.Concat:
                concatDropout = nn.Dropout(config.Dropout);
                concatHead = nn.Linear(FeatureDim, config.NumClasses);
                break;
            case FusionMode.Ensemble:
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(fusion), fusion, "Unknown fusion mode.");
        }

        RegisterComponents();
    }

    public string Kind => VideoModelKinds.Hybrid;

    public FusionMode Fusion { get; }

    public VideoModelConfig Config { get; }

    public long FeatureDim { get; }

    public bool ForwardReturnsProbabilities => Fusion == FusionMode.Ensemble;

    public nn.Module<Tensor, Tensor> Module => this;

    public override Tensor forward(Tensor frames)
    {
        using var scope = NewDisposeScope();
        var fused = Fusion switch
        {
            FusionMode.Concat => concatHead!.call(concatDropout!.call(Features(frames))),
            FusionMode.Weighted => WeightedLogits(frames),
            _ => EnsembleProbabilities(frames),
        };
        return fused.MoveToOuterDisposeScope();
    }

    /// <summary>The three feature vectors concatenated: (batch, <see cref="FeatureDim"/>).</summary>
    public Tensor Features(Tensor frames)
    {
        using var scope = NewDisposeScope();
        return cat([convLstm.Features(frames), conv3d.Features(frames), transformer.Features(frames)], 1)
            .MoveToOuterDisposeScope();
    }

    /// <summary>Each model's own logits (batch, classes), as its own head produces them.</summary>
    public IndividualOutputs GetIndividualOutputs(Tensor frames) =>
        new(convLstm.call(frames), conv3d.call(frames), transformer.call(frames));

    /// <summary>
    /// The weights applied to (ConvLSTM, 3D CNN, transformer), summing to 1: learned for Weighted, uniform for
    /// Ensemble. Concat has none (its head mixes features), so it throws.
    /// </summary>
    public float[] NormalizedFusionWeights()
    {
        if (Fusion == FusionMode.Concat)
        {
            throw new InvalidOperationException("Concat fusion mixes features in a linear head; it has no per-model weights.");
        }

        if (fusionWeights is null)
        {
            return [1f / 3, 1f / 3, 1f / 3];
        }

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        return fusionWeights.softmax(0).cpu().data<float>().ToArray();
    }

    public Tensor Probabilities(Tensor frames) => VideoModelOutputs.Probabilities(this, frames);

    /// <summary>
    /// Copies a trained single model's weights into the branch of its kind, so a hybrid can be assembled from
    /// models trained on their own and only its fusion trained. Names and shapes must match exactly.
    /// </summary>
    /// <exception cref="ArgumentException">The model is a hybrid, or its weights do not fit the branch; each difference is named.</exception>
    public void InitializeBranch(IVideoModel trained)
    {
        ArgumentNullException.ThrowIfNull(trained);
        nn.Module<Tensor, Tensor> branch = trained.Kind switch
        {
            VideoModelKinds.ConvLstm => convLstm,
            VideoModelKinds.Conv3d => conv3d,
            VideoModelKinds.Transformer => transformer,
            _ => throw new ArgumentException($"A hybrid has convlstm, conv3d and transformer branches, not '{trained.Kind}'.", nameof(trained)),
        };
        var target = branch.state_dict();
        var source = trained.Module.state_dict();
        var differences = WeightsComparison.Differences(target, source);
        if (differences.Count > 0)
        {
            throw new ArgumentException($"The {trained.Kind} weights do not fit the hybrid's branch: {string.Join("; ", differences)}.", nameof(trained));
        }

        using var noGrad = no_grad();
        foreach (var (name, value) in target)
        {
            value.copy_(source[name]);
        }
    }

    /// <summary>Stops gradients into the three branches, leaving only the fusion (weights or concat head) to train.</summary>
    public void FreezeBranches()
    {
        foreach (var parameter in convLstm.parameters().Concat(conv3d.parameters()).Concat(transformer.parameters()))
        {
            parameter.requires_grad = false;
        }
    }

    private Tensor WeightedLogits(Tensor frames)
    {
        var weights = fusionWeights!.softmax(0);
        var outputs = GetIndividualOutputs(frames);
        return weights[0] * outputs.ConvLstm + weights[1] * outputs.Conv3d + weights[2] * outputs.Transformer;
    }

    private Tensor EnsembleProbabilities(Tensor frames)
    {
        var outputs = GetIndividualOutputs(frames);
        return (outputs.ConvLstm.softmax(1) + outputs.Conv3d.softmax(1) + outputs.Transformer.softmax(1)) / 3;
    }
}

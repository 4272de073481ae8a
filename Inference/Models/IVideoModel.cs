using EdgeVision.Contracts.Configuration;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Models;

/// <summary>
/// What every temporal video model offers beyond its forward pass. Input is always
/// (batch, sequence, channels, height, width); height and width may be smaller than the configured ones.
/// </summary>
public interface IVideoModel : IDisposable
{
    /// <summary>The factory kind that builds this model (<see cref="VideoModelKinds"/>).</summary>
    string Kind { get; }

    /// <summary>A private copy of the configuration the model was built with.</summary>
    VideoModelConfig Config { get; }

    /// <summary>Length of the pooled feature vector <see cref="Features"/> returns.</summary>
    long FeatureDim { get; }

    /// <summary>True when the forward pass already returns probabilities (the hybrid in ensemble mode).</summary>
    bool ForwardReturnsProbabilities { get; }

    /// <summary>The model as a TorchSharp module (train/eval, parameters, device moves).</summary>
    nn.Module<Tensor, Tensor> Module { get; }

    /// <summary>Pooled features before the classification head: (batch, <see cref="FeatureDim"/>).</summary>
    Tensor Features(Tensor frames);

    /// <summary>Class probabilities (batch, classes), rows summing to 1, for every model and fusion mode.</summary>
    Tensor Probabilities(Tensor frames);
}

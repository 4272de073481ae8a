using EdgeVision.Contracts.Wire;

namespace EdgeVision.Inference.Packages;

/// <summary>
/// What the user says about a model being imported; every value left null is read from the file's metadata
/// (<c>edgevision.*</c> ONNX metadata props) or its input and output shapes, or takes the default named here.
/// </summary>
public sealed record ImportSettings
{
    public string? Name { get; init; }

    /// <summary>Default: <c>edgevision.version</c>, else "sha256:" and the file's first 12 hex digits.</summary>
    public string? Version { get; init; }

    public string? Licence { get; init; }

    public string? Source { get; init; }

    /// <summary>Default: <c>edgevision.layout</c>, else the one of dimension 1 or 2 the model fixes at 3 channels.</summary>
    public TensorLayout? Layout { get; init; }

    public int? Frames { get; init; }

    public int? Height { get; init; }

    public int? Width { get; init; }

    /// <summary>Required here or as <c>edgevision.mean</c>; 0,0,0 with std 1,1,1 for a model that normalises itself.</summary>
    public IReadOnlyList<float>? Mean { get; init; }

    public IReadOnlyList<float>? Std { get; init; }

    /// <summary>Default: RGB.</summary>
    public PixelOrder? ChannelOrder { get; init; }

    /// <summary>Default: 1 (pixels in [0, 1] before normalisation).</summary>
    public float? ValueRange { get; init; }

    /// <summary>Default: logits.</summary>
    public OutputKind? Output { get; init; }

    /// <summary>Default: softmax.</summary>
    public OutputActivation? Activation { get; init; }

    public ResizeMode? Resize { get; init; }

    public int? ResizeShortSide { get; init; }

    public Interpolation? Interpolation { get; init; }

    public double? FrameRate { get; init; }
}

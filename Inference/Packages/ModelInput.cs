using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Pixels;

namespace EdgeVision.Inference.Packages;

/// <summary>What a model's video input is: the tensor it takes and how camera frames become it.</summary>
/// <param name="Name">The input's name in the model file (ONNX input name; informational for TorchScript and checkpoints).</param>
/// <param name="Layout">The order of the five dimensions.</param>
/// <param name="DType">Element type; <c>float32</c> is what every runtime here is served.</param>
/// <param name="ChannelOrder">Channel order of the input planes (<c>Rgb</c> for torchvision models; OpenCV decodes <c>Bgr</c>).</param>
/// <param name="ValueRange">What a full-scale pixel is worth before mean and std apply: 1 (values in [0, 1]) or 255.</param>
/// <param name="Frames">Frames per clip the model was built or trained for.</param>
/// <param name="Height">Input height in pixels.</param>
/// <param name="Width">Input width in pixels.</param>
/// <param name="VariableFrames">Whether other clip lengths run (the latency controller may change the length only then).</param>
/// <param name="VariableHeight">Whether other heights run (the latency controller may lower the resolution only when height and width both may vary).</param>
/// <param name="VariableWidth">Whether other widths run.</param>
/// <param name="Resize">How a camera frame is brought to height x width.</param>
/// <param name="ResizeShortSide">The short side before the centre crop, for <see cref="ResizeMode.ShortSideCentreCrop"/>.</param>
/// <param name="Interpolation">The resize filter.</param>
/// <param name="FrameRate">Frames per second of the clips the model was trained on, when known (the sampling rate to serve it at).</param>
/// <param name="Mean">Per-channel mean in <paramref name="ChannelOrder"/>; null keeps the normalisation each sequence carries (the edge's).</param>
/// <param name="Std">Per-channel std in <paramref name="ChannelOrder"/>; null exactly when <paramref name="Mean"/> is.</param>
public sealed record ModelInput(
    string Name,
    TensorLayout Layout,
    [property: System.Text.Json.Serialization.JsonPropertyName("dtype")] string DType,
    PixelOrder ChannelOrder,
    float ValueRange,
    int Frames,
    int Height,
    int Width,
    bool VariableFrames,
    bool VariableHeight,
    bool VariableWidth,
    ResizeMode Resize = ResizeMode.Stretch,
    int? ResizeShortSide = null,
    Interpolation Interpolation = Interpolation.Bilinear,
    double? FrameRate = null,
    IReadOnlyList<float>? Mean = null,
    IReadOnlyList<float>? Std = null)
{
    /// <summary>The element type every runtime here is served.</summary>
    public const string Float32 = "float32";

    /// <summary>The engine's way of writing this input (normalisation, channel order, layout).</summary>
    public ModelPixels Pixels() => new(
        Mean is null || Std is null ? null : new PixelNormalization(Mean, Std, ValueRange),
        ChannelOrder,
        ChannelsFirst: Layout == TensorLayout.NCTHW);

    /// <summary>The five dimensions for a batch of <paramref name="batch"/> clips of this shape, in <see cref="Layout"/>.</summary>
    public long[] Dimensions(int batch, int frames, int height, int width) => Layout == TensorLayout.NCTHW
        ? [batch, 3, frames, height, width]
        : [batch, frames, 3, height, width];

    /// <summary>Why a clip of <paramref name="frames"/> x <paramref name="height"/> x <paramref name="width"/> cannot run; null when it can.</summary>
    public string? Refuses(int frames, int height, int width)
    {
        var problems = new List<string>();
        if (frames != Frames && !VariableFrames)
        {
            problems.Add($"{frames} frames (it takes exactly {Frames})");
        }

        if (height != Height && !VariableHeight)
        {
            problems.Add($"height {height} (it takes exactly {Height})");
        }

        if (width != Width && !VariableWidth)
        {
            problems.Add($"width {width} (it takes exactly {Width})");
        }

        return problems.Count == 0 ? null : string.Join(", ", problems);
    }

    /// <summary>Every problem with this input, each naming its manifest field.</summary>
    public IEnumerable<string> Problems()
    {
        if (string.IsNullOrWhiteSpace(Name))
        {
            yield return "input.name must not be empty.";
        }

        if (DType != Float32)
        {
            yield return $"input.dtype must be {Float32} (was '{DType}').";
        }

        if (ValueRange is not (1 or 255))
        {
            yield return $"input.valueRange must be 1 or 255 (was {ValueRange}).";
        }

        if (Frames < 1 || Height < 1 || Width < 1)
        {
            yield return $"input.frames, input.height and input.width must be positive (were {Frames}, {Height}, {Width}).";
        }

        if (Resize == ResizeMode.ShortSideCentreCrop && (ResizeShortSide is not { } side || side < Math.Min(Height, Width)))
        {
            yield return $"input.resizeShortSide must be at least the crop's short side ({Math.Min(Height, Width)}) for {ResizeMode.ShortSideCentreCrop}.";
        }

        if (FrameRate is { } rate && !(rate > 0 && double.IsFinite(rate)))
        {
            yield return $"input.frameRate must be a positive number of frames per second (was {rate}).";
        }

        if ((Mean is null) != (Std is null))
        {
            yield return "input.mean and input.std are given together or not at all.";
        }
        else if (Mean is not null && Std is not null
                 && (Mean.Count != 3 || Std.Count != 3 || Std.Any(s => !(s > 0) || float.IsInfinity(s)) || Mean.Any(m => !float.IsFinite(m))))
        {
            yield return "input.mean and input.std need three finite values each, every std above 0.";
        }
    }
}

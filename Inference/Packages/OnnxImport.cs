using System.Globalization;
using EdgeVision.Contracts.Wire;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Ort = Microsoft.ML.OnnxRuntime;

namespace EdgeVision.Inference.Packages;

/// <summary>
/// Describes an ONNX video classifier as a <see cref="ModelManifest"/>: one float32 input of five dimensions with a
/// variable batch, one (batch, classes) output. Values come from <see cref="ImportSettings"/>, else the file's
/// <c>edgevision.*</c> metadata props, else its shapes; a model that cannot be mapped is refused with the reason.
/// </summary>
public static class OnnxImport
{
    /// <summary>The prefix of the ONNX metadata props the importer reads (e.g. <c>edgevision.layout</c>).</summary>
    public const string MetadataPrefix = "edgevision.";

    /// <exception cref="ModelImportException">The model cannot be served as described; the message says why and what to pass.</exception>
    public static ModelManifest Describe(string modelFile, IReadOnlyList<string> labels, ImportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(settings);
        using var options = new SessionOptions { IntraOpNumThreads = 1, GraphOptimizationLevel = GraphOptimizationLevel.ORT_DISABLE_ALL };
        Ort.InferenceSession session;
        try
        {
            session = new Ort.InferenceSession(modelFile, options);
        }
        catch (OnnxRuntimeException e)
        {
            throw new ModelImportException($"'{modelFile}' is not an ONNX model ONNX Runtime can load: {e.Message}");
        }

        using (session)
        {
            var meta = session.ModelMetadata.CustomMetadataMap
                .Where(p => p.Key.StartsWith(MetadataPrefix, StringComparison.Ordinal))
                .ToDictionary(p => p.Key[MetadataPrefix.Length..], p => p.Value, StringComparer.Ordinal);
            var (inputName, input) = Single(modelFile, "input", session.InputMetadata,
                "Each clip is served on its own and no state is carried between clips: export a streaming or recurrent model in its whole-clip form");
            var (outputName, output) = Single(modelFile, "output", session.OutputMetadata, "Export only the class scores");
            return Build(
                modelFile, ModelFormat.Onnx, labels, settings, meta,
                new Node(inputName, input.ElementDataType, input.Dimensions), new Node(outputName, output.ElementDataType, output.Dimensions));
        }
    }

    /// <summary>A model file's input or output as the importer sees it: name, element type, dimensions (-1 where variable).</summary>
    internal sealed record Node(string Name, TensorElementType Type, int[] Dimensions);

    /// <summary>The manifest for a model of <paramref name="format"/> with <paramref name="input"/> and <paramref name="output"/>.</summary>
    internal static ModelManifest Build(
        string file, ModelFormat format, IReadOnlyList<string> labels, ImportSettings settings, IReadOnlyDictionary<string, string> meta, Node input, Node output)
    {
        var inputName = input.Name;
        var outputName = output.Name;
        if (input.Type != TensorElementType.Float || input.Dimensions.Length != 5)
        {
            throw new ModelImportException(
                $"'{file}': input '{inputName}' is {input.Type} of rank {input.Dimensions.Length}; a video model takes float32 of rank 5 (batch, channels and frames in either order, height, width).");
        }

        var dims = input.Dimensions;
        if (dims[0] > 0)
        {
            throw new ModelImportException(
                $"'{file}': input '{inputName}' fixes the batch at {dims[0]}; the silo batches clips from many cameras. Export with a variable batch (torch.onnx.export(..., dynamic_axes={{\"{inputName}\": {{0: \"batch\"}}}})).");
        }

        var layout = Layout(settings, meta) ?? InferLayout(file, inputName, dims);
        var (channelAxis, frameAxis) = layout == TensorLayout.NCTHW ? (1, 2) : (2, 1);
        if (dims[channelAxis] is > 0 and not 3)
        {
            throw new ModelImportException($"'{file}': input '{inputName}' has {dims[channelAxis]} channels in {layout}; video models here take 3 (RGB or BGR). Check --layout.");
        }

        var frames = Dimension(file, "frames", "--frames", dims[frameAxis], settings.Frames, meta);
        var height = Dimension(file, "height", "--size", dims[3], settings.Height, meta);
        var width = Dimension(file, "width", "--size", dims[4], settings.Width, meta);

        if (output.Type != TensorElementType.Float || output.Dimensions.Length != 2)
        {
            throw new ModelImportException(
                $"'{file}': output '{outputName}' is {output.Type} of rank {output.Dimensions.Length}; a classifier returns float32 (batch, classes).");
        }

        var classes = output.Dimensions[1];
        if (classes > 0 && classes != labels.Count)
        {
            throw new ModelImportException($"'{file}': output '{outputName}' has {classes} classes; the labels name {labels.Count}. Give one label per class, in class order.");
        }

        var mean = settings.Mean ?? Parse<float[]>(meta, "mean", Floats);
        var std = settings.Std ?? Parse<float[]>(meta, "std", Floats);
        if (mean is null || std is null)
        {
            throw new ModelImportException(
                $"'{file}': no normalisation given. Pass --mean and --std (torchvision's Kinetics models: --mean 0.43216,0.394666,0.37645 --std 0.22803,0.22145,0.216989), or --mean 0,0,0 --std 1,1,1 for a model that normalises itself.");
        }

        var modelInput = new ModelInput(
            inputName, layout, ModelInput.Float32,
            settings.ChannelOrder ?? Parse(meta, "channel_order", v => (PixelOrder?)Enum.Parse<PixelOrder>(v, ignoreCase: true)) ?? PixelOrder.Rgb,
            settings.ValueRange ?? Parse(meta, "value_range", v => (float?)float.Parse(v, CultureInfo.InvariantCulture)) ?? 1,
            frames, height, width,
            VariableFrames: dims[frameAxis] <= 0, VariableHeight: dims[3] <= 0, VariableWidth: dims[4] <= 0,
            settings.Resize ?? Parse(meta, "resize", v => (ResizeMode?)Enum.Parse<ResizeMode>(v, ignoreCase: true)) ?? ResizeMode.Stretch,
            settings.ResizeShortSide ?? Parse(meta, "resize_short_side", v => (int?)int.Parse(v, CultureInfo.InvariantCulture)),
            settings.Interpolation ?? Parse(meta, "interpolation", v => (Interpolation?)Enum.Parse<Interpolation>(v, ignoreCase: true)) ?? Interpolation.Bilinear,
            settings.FrameRate ?? Parse(meta, "frame_rate", v => (double?)double.Parse(v, CultureInfo.InvariantCulture)),
            mean, std);
        var modelOutput = new ModelOutput(
            outputName,
            settings.Output ?? Parse(meta, "output", v => (OutputKind?)Enum.Parse<OutputKind>(v, ignoreCase: true)) ?? OutputKind.Logits,
            settings.Activation ?? Parse(meta, "activation", v => (OutputActivation?)Enum.Parse<OutputActivation>(v, ignoreCase: true)) ?? OutputActivation.Softmax);
        var sha = ModelPackage.Sha256Of(file);
        var manifest = new ModelManifest(
            ModelPackage.FormatVersion, format,
            settings.Name ?? meta.GetValueOrDefault("name") ?? Path.GetFileNameWithoutExtension(file),
            settings.Version ?? meta.GetValueOrDefault("version") ?? $"sha256:{sha[..12]}",
            settings.Licence ?? meta.GetValueOrDefault("licence"),
            settings.Source ?? meta.GetValueOrDefault("source"),
            sha, modelInput, modelOutput, [.. labels]);
        return manifest.Problems() is { Count: > 0 } problems
            ? throw new ModelImportException($"'{file}' cannot be served as described: {string.Join(" ", problems)}")
            : manifest;
    }

    /// <summary>The layout the flags or the metadata name; null when neither does.</summary>
    internal static TensorLayout? Layout(ImportSettings settings, IReadOnlyDictionary<string, string> meta) =>
        settings.Layout ?? Parse(meta, "layout", v => (TensorLayout?)Enum.Parse<TensorLayout>(v, ignoreCase: true));

    private static (string Name, NodeMetadata Node) Single(string file, string what, IReadOnlyDictionary<string, NodeMetadata> nodes, string advice) =>
        nodes.Count == 1
            ? (nodes.Keys.Single(), nodes.Values.Single())
            : throw new ModelImportException(
                $"'{file}' has {nodes.Count} {what}s ({string.Join(", ", nodes.Keys)}); EdgeVision serves a model with one video input and one output of class scores. {advice}.");

    private static TensorLayout InferLayout(string file, string inputName, int[] dims) => (dims[1], dims[2]) switch
    {
        (3, not 3) => TensorLayout.NCTHW,
        (not 3, 3) => TensorLayout.NTCHW,
        _ => throw new ModelImportException(
            $"'{file}': cannot tell from input '{inputName}' [{string.Join(", ", dims)}] whether channels or frames come first; pass --layout NCTHW (torchvision) or NTCHW."),
    };

    private static int Dimension(string file, string name, string option, int inModel, int? given, IReadOnlyDictionary<string, string> meta)
    {
        var value = given ?? Parse(meta, name, v => (int?)int.Parse(v, CultureInfo.InvariantCulture));
        if (inModel > 0)
        {
            return value is { } v && v != inModel
                ? throw new ModelImportException($"'{file}': {name} {v} was given but the model fixes it at {inModel}.")
                : inModel;
        }

        return value ?? throw new ModelImportException(
            $"'{file}': the model's {name} is variable and nothing says what it was trained at; pass {option} (or set the {MetadataPrefix}{name} metadata prop).");
    }

    internal static T? Parse<T>(IReadOnlyDictionary<string, string> meta, string key, Func<string, T?> parse)
    {
        if (!meta.TryGetValue(key, out var text))
        {
            return default;
        }

        try
        {
            return parse(text.Trim());
        }
        catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
        {
            throw new ModelImportException($"The metadata prop {MetadataPrefix}{key} = '{text}' cannot be read: {e.Message}");
        }
    }

    private static float[] Floats(string text) =>
        [.. text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).Select(v => float.Parse(v, CultureInfo.InvariantCulture))];
}

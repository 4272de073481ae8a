using System.IO.Compression;
using System.Runtime.InteropServices;
using System.Text.Json;
using TensorElementType = Microsoft.ML.OnnxRuntime.Tensors.TensorElementType;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeVision.Inference.Packages;

/// <summary>
/// Describes a TorchScript video classifier (<c>torch.jit.save</c>) as a <see cref="ModelManifest"/>. A TorchScript file
/// carries no input shapes: layout, frames, height and width come from <see cref="ImportSettings"/> or the
/// <c>extra/edgevision.json</c> file saved with it (<c>_extra_files={"edgevision.json": ...}</c>, the keys of the ONNX
/// metadata props without their prefix); none of them varies unless its <c>variable</c> key lists it
/// (<c>"frames,height,width"</c>). One forward pass on two black clips checks the output is (batch, classes).
/// </summary>
public static class TorchScriptImport
{
    /// <summary>The extra file the importer reads.</summary>
    public const string ExtraFile = "edgevision.json";

    /// <exception cref="ModelImportException">The model cannot be served as described; the message says why and what to pass.</exception>
    public static ModelManifest Describe(string modelFile, IReadOnlyList<string> labels, ImportSettings settings)
    {
        ArgumentNullException.ThrowIfNull(labels);
        ArgumentNullException.ThrowIfNull(settings);
        var meta = Extra(modelFile);
        var layout = OnnxImport.Layout(settings, meta)
            ?? throw new ModelImportException($"'{modelFile}': a TorchScript file does not say its layout; pass --layout NCTHW (torchvision) or NTCHW.");
        int[] input = layout == TensorLayout.NCTHW ? [-1, 3, -1, -1, -1] : [-1, -1, 3, -1, -1];

        // The shapes a TorchScript file does not carry are asked for by the same rules as a variable ONNX dimension.
        var probe = OnnxImport.Build(
            modelFile, ModelFormat.TorchScript, labels, settings, meta, new OnnxImport.Node("video", TensorElementType.Float, input),
            new OnnxImport.Node("logits", TensorElementType.Float, [-1, -1]));
        var classes = Classes(modelFile, probe.Input);
        if (classes != labels.Count)
        {
            throw new ModelImportException($"'{modelFile}' returns {classes} classes; the labels name {labels.Count}. Give one label per class, in class order.");
        }

        var variable = (meta.GetValueOrDefault("variable") ?? string.Empty).Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return probe with
        {
            Input = probe.Input with
            {
                VariableFrames = variable.Contains("frames"),
                VariableHeight = variable.Contains("height"),
                VariableWidth = variable.Contains("width"),
            },
        };
    }

    private static Dictionary<string, string> Extra(string modelFile)
    {
        ZipArchive archive;
        try
        {
            archive = ZipFile.OpenRead(modelFile);
        }
        catch (InvalidDataException e)
        {
            throw new ModelImportException($"'{modelFile}' is not a TorchScript file (torch.jit.save writes a zip archive): {e.Message}");
        }

        using (archive)
        {
            var entry = archive.Entries.FirstOrDefault(e => e.FullName.EndsWith($"/extra/{ExtraFile}", StringComparison.Ordinal));
            if (entry is null)
            {
                return [];
            }

            try
            {
                using var stream = entry.Open();
                using var document = JsonDocument.Parse(stream);
                return document.RootElement.EnumerateObject().ToDictionary(
                    p => p.Name, p => p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText(), StringComparer.Ordinal);
            }
            catch (Exception e) when (e is JsonException or InvalidOperationException)
            {
                throw new ModelImportException($"'{modelFile}': extra/{ExtraFile} is not a JSON object of settings: {e.Message}");
            }
        }
    }

    private static long Classes(string modelFile, ModelInput input)
    {
        try
        {
            using var scope = NewDisposeScope();
            using var inference = inference_mode();
            using var module = jit.load<Tensor, Tensor>(modelFile, CPU);
            module.eval();
            var output = module.call(zeros(input.Dimensions(2, input.Frames, input.Height, input.Width)));
            return output.shape is [2, var classes]
                ? classes
                : throw new ModelImportException(
                    $"'{modelFile}' returned shape [{string.Join(", ", output.shape)}] for a batch of 2; a classifier returns (batch, classes).");
        }
        catch (ExternalException e)
        {
            throw new ModelImportException(
                $"libtorch {torch.__version__} cannot run '{modelFile}' on ({string.Join(", ", input.Dimensions(2, input.Frames, input.Height, input.Width))}) (a file saved by a newer PyTorch may not load): {e.Message}");
        }
    }
}

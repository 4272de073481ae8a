using System.CommandLine;
using System.Globalization;
using EdgeVision.Cli.CommandLine;
using EdgeVision.Cli.Live;
using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Packages;

namespace EdgeVision.Cli.Models;

/// <summary><c>edgevision models import FILE --labels FILE -o PACKAGE</c>: describes an ONNX or TorchScript model and writes its package.</summary>
internal static class ImportCommand
{
    public static Command Create()
    {
        var file = new Argument<FileInfo>("file") { Description = "The model: ONNX (torch.onnx.export with a variable batch dimension) or TorchScript (.pt, torch.jit.save)." };
        var labels = new Option<FileInfo>("--labels") { Description = "Class names, one per line in class order (# comments skipped).", Required = true };
        var output = new Option<FileInfo>("--output", "-o") { Description = $"The package to write (*{ModelPackage.Extension}); put it in the model directory to serve it by its file name.", Required = true };
        var name = new Option<string?>("--name") { Description = "Model name (default: edgevision.name metadata, else the file name)." };
        var version = new Option<string?>("--version") { Description = "Version reported with every result (default: edgevision.version metadata, else sha256:<first 12 hex digits>)." };
        var licence = new Option<string?>("--licence") { Description = "Licence of the weights." };
        var source = new Option<string?>("--source") { Description = "Where the model and its weights came from." };
        var layout = CommandOptions.Choice("--layout", ["NCTHW", "NTCHW"], "Input layout (default: edgevision.layout metadata, else the axis of 3 channels).");
        var frames = new Option<int?>("--frames") { Description = "Frames per clip the model was trained at (required when the model leaves it variable and no metadata says)." };
        var size = new Option<string?>("--size") { Description = "Frame size the model was trained at: 112 (square) or WIDTHxHEIGHT, e.g. 160x112." };
        var mean = new Option<string?>("--mean") { Description = "Per-channel mean after scaling to the value range, e.g. 0.43216,0.394666,0.37645." };
        var std = new Option<string?>("--std") { Description = "Per-channel std, e.g. 0.22803,0.22145,0.216989." };
        var channelOrder = CommandOptions.Choice("--channel-order", ["rgb", "bgr"], "Channel order of the input (default rgb).");
        var valueRange = CommandOptions.Choice("--value-range", ["1", "255"], "Pixel scale before normalisation: 1 for [0, 1] (default), 255 for [0, 255].");
        var outputKind = CommandOptions.Choice("--output-kind", ["logits", "probabilities"], "What the model returns (default logits).");
        var activation = CommandOptions.Choice("--activation", ["softmax", "sigmoid"], "How logits become probabilities (default softmax).");
        var resize = CommandOptions.Choice("--resize", ["stretch", "short-side-crop"], "How frames reach the input size (default stretch).");
        var shortSide = new Option<int?>("--resize-short-side") { Description = "Short side before the centre crop, with --resize short-side-crop (torchvision R3D: 128)." };
        var frameRate = new Option<double?>("--frame-rate") { Description = "Frames per second of the training clips." };
        var command = new Command("import", "Describe an ONNX or TorchScript video classifier and write it as a model package.")
        {
            file, labels, output, name, version, licence, source, layout, frames, size, mean, std, channelOrder, valueRange, outputKind, activation, resize, shortSide, frameRate,
        };
        command.SetAction(parse =>
        {
            var (width, height) = Size(parse.GetValue(size));
            var settings = new ImportSettings
            {
                Name = parse.GetValue(name),
                Version = parse.GetValue(version),
                Licence = parse.GetValue(licence),
                Source = parse.GetValue(source),
                Layout = Enum(parse.GetValue(layout), v => System.Enum.Parse<TensorLayout>(v, ignoreCase: true)),
                Frames = parse.GetValue(frames),
                Width = width,
                Height = height,
                Mean = Floats("--mean", parse.GetValue(mean)),
                Std = Floats("--std", parse.GetValue(std)),
                ChannelOrder = Enum(parse.GetValue(channelOrder), v => System.Enum.Parse<PixelOrder>(v, ignoreCase: true)),
                ValueRange = Enum(parse.GetValue(valueRange), v => float.Parse(v, CultureInfo.InvariantCulture)),
                Output = Enum(parse.GetValue(outputKind), v => System.Enum.Parse<OutputKind>(v, ignoreCase: true)),
                Activation = Enum(parse.GetValue(activation), v => System.Enum.Parse<OutputActivation>(v, ignoreCase: true)),
                Resize = Enum(parse.GetValue(resize), v => v == "stretch" ? ResizeMode.Stretch : ResizeMode.ShortSideCentreCrop),
                ResizeShortSide = parse.GetValue(shortSide),
                FrameRate = parse.GetValue(frameRate),
            };
            return Run(parse.GetValue(file)!, parse.GetValue(labels)!, parse.GetValue(output)!, settings, parse.InvocationConfiguration.Output);
        });
        return command;
    }

    internal static int Run(FileInfo file, FileInfo labelsFile, FileInfo output, ImportSettings settings, TextWriter console)
    {
        if (!file.Exists)
        {
            throw new FileNotFoundException($"Model file not found: {file.FullName}", file.FullName);
        }

        var onnx = string.Equals(file.Extension, ".onnx", StringComparison.OrdinalIgnoreCase);
        if (!onnx && !string.Equals(file.Extension, ".pt", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{file.Name}' is neither an .onnx file (torch.onnx.export, opset 17) nor a TorchScript .pt file (torch.jit.save).");
        }

        if (!ModelPackage.IsPackage(output.FullName))
        {
            throw new ArgumentException($"--output must end in {ModelPackage.Extension} (the model directory serves *{ModelPackage.Extension} files); was '{output.Name}'.");
        }

        var labels = LabelFile.Read(labelsFile.FullName);
        var described = onnx ? OnnxImport.Describe(file.FullName, labels, settings) : TorchScriptImport.Describe(file.FullName, labels, settings);
        var manifest = ModelPackage.Write(output.FullName, described, file.FullName);
        console.WriteLine($"Imported {manifest.Name} version {manifest.Version} into {output.FullName}");
        ManifestText.Write(console, manifest);
        console.WriteLine($"Check it against PyTorch: edgevision models verify {output.Name} --input input.npy --expected expected.npy");
        return 0;
    }

    private static (int? Width, int? Height) Size(string? text)
    {
        if (text is null)
        {
            return (null, null);
        }

        var parts = text.Split('x', 'X');
        var values = parts.Select(p => int.TryParse(p, NumberStyles.None, CultureInfo.InvariantCulture, out var v) && v > 0 ? v : (int?)null).ToArray();
        return (parts.Length, values.All(v => v is not null)) switch
        {
            (1, true) => (values[0], values[0]),
            (2, true) => (values[0], values[1]),
            _ => throw new ArgumentException($"--size must be a positive size such as 112 or WIDTHxHEIGHT such as 160x112 (was '{text}')."),
        };
    }

    private static float[]? Floats(string option, string? text)
    {
        if (text is null)
        {
            return null;
        }

        var values = text.Split(',', StringSplitOptions.TrimEntries);
        return values.Length == 3 && values.All(v => float.TryParse(v, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
            ? [.. values.Select(v => float.Parse(v, CultureInfo.InvariantCulture))]
            : throw new ArgumentException($"{option} needs three comma-separated numbers, one per channel (was '{text}').");
    }

    private static T? Enum<T>(string? text, Func<string, T> parse)
        where T : struct => text is null ? null : parse(text);
}

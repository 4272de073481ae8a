using System.CommandLine;
using EdgeVision.Cli.CommandLine;
using EdgeVision.Inference.Models;

namespace EdgeVision.Cli.Train;

/// <summary>The model and input-shape options that <c>train</c>, <c>evaluate</c> and <c>benchmark</c> share.</summary>
internal sealed class ModelOptions
{
    public Option<string> Kind { get; } = CommandOptions.Choice("--model", VideoModelKinds.All, "Model kind.", required: true);

    public Option<string> Fusion { get; } = CommandOptions.Choice("--fusion", ["weighted", "concat", "ensemble"],
        "Hybrid fusion mode.", defaultValue: "weighted");

    public Option<int> Width { get; } = CommandOptions.Positive("--width", 64, "Frame width in pixels.");

    public Option<int> Height { get; } = CommandOptions.Positive("--height", 64, "Frame height in pixels.");

    public Option<int> Frames { get; } = CommandOptions.Positive("--sequence-length", 8, "Frames per clip.");

    public Option<int> HiddenDim { get; } = CommandOptions.Positive("--hidden-dim", 32, "Hidden channels / embedding size.");

    public Option<int> Layers { get; } = CommandOptions.Positive("--layers", 2, "ConvLSTM layers / transformer encoder layers.");

    public Option<double> Dropout { get; } = new("--dropout") { Description = "Dropout during training.", DefaultValueFactory = _ => 0.1 };

    public Option<int?> Threads { get; } = new("--threads") { Description = "Torch intra-op threads (default: torch's choice)." };

    public void AddTo(Command command)
    {
        foreach (var option in new Option[] { Kind, Fusion, Width, Height, Frames, HiddenDim, Layers, Dropout, Threads })
        {
            command.Options.Add(option);
        }
    }

    public ModelChoice Read(ParseResult parse) => new(
        parse.GetValue(Kind)!,
        Enum.Parse<FusionMode>(parse.GetValue(Fusion)!, ignoreCase: true),
        parse.GetValue(Width),
        parse.GetValue(Height),
        parse.GetValue(Frames),
        parse.GetValue(HiddenDim),
        parse.GetValue(Layers),
        parse.GetValue(Dropout));
}

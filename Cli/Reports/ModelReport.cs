using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>The model that served the run.</summary>
[Description("The model that served the run.")]
public sealed record ModelReport(
    [property: Description("convlstm, conv3d, transformer or hybrid.")] string Kind,
    [property: Description("Hybrid fusion mode (weighted, concat, ensemble); null for other kinds.")] string? Fusion,
    [property: Description("Checkpoint path; null when the model was freshly initialised (untrained weights: timings are real, predictions are not) or, for --cluster, when the silo's model is not one this command ships.")] string? Checkpoint,
    [property: Description("Model version reported with every result (for --cluster: the version the silo's results report).")] string Version,
    [property: Description("Number of classes (0 when unknown: --cluster with a model this command does not ship).")] int Classes,
    [property: Description("Frames per sequence the model takes.")] int SequenceLength,
    [property: Description("Frame width the model was built for.")] int InputWidth,
    [property: Description("Frame height the model was built for.")] int InputHeight,
    [property: Description("Hidden channels / embedding size (0 when unknown).")] int HiddenDim,
    [property: Description("Trainable parameters (0 when unknown).")] long Parameters);

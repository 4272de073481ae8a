using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>How often one batch size was used.</summary>
[Description("Forward passes of one batch size.")]
public sealed record BatchSizeUsage(
    [property: Description("Sequences in the forward pass.")] int Size,
    [property: Description("Forward passes of this size.")] long ForwardPasses,
    [property: Description("Sequences served by passes of this size (size x forwardPasses).")] long Sequences);

using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>How often the top prediction was the true label, where the source carried ground truth.</summary>
[Description("Top-1 accuracy against the ground truth the source carried (the synthetic scenes label every frame; a sequence's true label "
             + "is the label of most of its frames, a tie going to the later one), over the completed sequences that had one. "
             + "Null when none had (cameras, files and streams carry no ground truth).")]
public sealed record AccuracyReport(
    [property: Description("Fraction of the judged sequences whose top prediction was their true label, 0 to 1.")] double Top1,
    [property: Description("Completed sequences with a true label: what top1 is computed over.")] long Sequences,
    [property: Description("Of those, the ones whose top prediction was the true label.")] long Correct);

namespace EdgeVision.Inference.Checkpoints;

/// <summary>
/// A model's measured top-1 accuracy at each resolution and frame skip the latency controller may choose: what each of
/// its steps costs in accuracy. Stored in the checkpoint's manifest (<c>accuracyGrid</c>); a checkpoint without one
/// leaves the cost unknown and the controller keeps its configured order. Made by <c>edgevision evaluate --grid</c> on
/// the synthetic scene stream an edge's <c>synthetic</c> source renders, sampled the way a camera's frame skip samples it.
/// </summary>
/// <param name="Cells">One per measured (width, height, frame skip).</param>
/// <param name="SequencesPerCell">Sequences scored for each cell.</param>
/// <param name="Seed">Seed of the scene stream.</param>
/// <param name="FramesPerAction">Frames each action of the scene lasts.</param>
/// <param name="MeasuredAt">When it was measured.</param>
public sealed record AccuracyGrid(
    IReadOnlyList<AccuracyCell> Cells,
    int SequencesPerCell,
    int Seed,
    int FramesPerAction,
    DateTimeOffset MeasuredAt)
{
    /// <summary>The top-1 accuracy measured at <paramref name="width"/> x <paramref name="height"/> and <paramref name="frameSkip"/>, or null when not measured.</summary>
    public double? Top1(int width, int height, int frameSkip) =>
        Cells.FirstOrDefault(c => c.Width == width && c.Height == height && c.FrameSkip == frameSkip)?.Top1;

    /// <summary>Why the grid cannot be used, or null when it can (each cell in range, none twice).</summary>
    public string? Explain()
    {
        if (Cells is null || Cells.Count == 0)
        {
            return "has no cells";
        }

        foreach (var cell in Cells)
        {
            if (cell is null || cell.Width < 1 || cell.Height < 1 || cell.FrameSkip < 0 || !double.IsFinite(cell.Top1) || cell.Top1 is < 0 or > 1)
            {
                return $"has an invalid cell ({cell})";
            }
        }

        return Cells.GroupBy(c => (c.Width, c.Height, c.FrameSkip)).FirstOrDefault(g => g.Count() > 1) is { } twice
            ? $"measures {twice.Key.Width}x{twice.Key.Height} at frame skip {twice.Key.FrameSkip} twice"
            : null;
    }
}

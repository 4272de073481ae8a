namespace EdgeVision.Inference.Training;

/// <summary>
/// The scene of a <c>synthetic</c> source at one frame size, and which of its frames the edge puts in each sequence at a
/// frame skip: one frame kept, then <see cref="FrameSkip"/> dropped, sequences of <see cref="SequenceLength"/> kept frames
/// back to back from frame 0 (the edge's defaults: stride = sequence length).
/// </summary>
public sealed record SceneStream(int Seed, int Width, int Height, int FramesPerAction, int SequenceLength, int FrameSkip)
{
    /// <summary>The camera frame indices of sequence <paramref name="number"/>.</summary>
    public long[] FramesOf(long number)
    {
        var step = FrameSkip + 1L;
        var first = number * SequenceLength * step;
        return [.. Enumerable.Range(0, SequenceLength).Select(i => first + (i * step))];
    }
}

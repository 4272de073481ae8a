namespace EdgeVision.Benchmarks.Preprocessing;

/// <summary>One timed pass: how long <see cref="Frames"/> frames took, and the mean JPEG size when frames were encoded.</summary>
internal readonly record struct PassResult(TimeSpan Elapsed, int Frames, double? JpegBytesPerFrame = null)
{
    public double FramesPerSecond => Frames / Elapsed.TotalSeconds;
}

namespace EdgeVision.Inference.Control;

/// <summary>
/// The fastest decode and forward pass seen at the current resolution: what a sequence costs without contention. The
/// time above them is contention (other work on the same cores), which frame skipping sheds and resolution does not.
/// Reset when the resolution changes. Not thread-safe: the controller's lock guards it.
/// </summary>
internal sealed class PartFloors
{
    private double decode = double.PositiveInfinity;
    private double forward = double.PositiveInfinity;

    public void Observe(double decodeMs, double forwardMs)
    {
        decode = Math.Min(decode, decodeMs);
        forward = Math.Min(forward, forwardMs);
    }

    public void Reset()
    {
        decode = double.PositiveInfinity;
        forward = double.PositiveInfinity;
    }

    public double DecodeContention(double decodeMs) => double.IsFinite(decode) ? Math.Max(0, decodeMs - decode) : 0;

    public double ForwardContention(double forwardMs) => double.IsFinite(forward) ? Math.Max(0, forwardMs - forward) : 0;
}

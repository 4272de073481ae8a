namespace EdgeVision.Inference.Monitoring;

/// <summary>The last <c>capacity</c> values, oldest overwritten first. Not thread-safe.</summary>
internal sealed class RollingWindow(int capacity)
{
    private readonly double[] values = new double[capacity];
    private int next;

    public int Count { get; private set; }

    public void Add(double value)
    {
        values[next] = value;
        next = (next + 1) % values.Length;
        Count = Math.Min(Count + 1, values.Length);
    }

    public double[] ToArray() => values.AsSpan(0, Count).ToArray();
}

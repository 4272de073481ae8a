namespace EdgeVision.Inference.Batching;

/// <summary>Requests that may share one forward pass: same model and same input shape.</summary>
public readonly record struct BatchKey(string ModelKey, int Sequence, int Channels, int Height, int Width)
{
    public override string ToString() => $"{ModelKey} ({Sequence}, {Channels}, {Height}, {Width})";
}

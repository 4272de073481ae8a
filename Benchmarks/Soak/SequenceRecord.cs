namespace EdgeVision.Benchmarks.Soak;

/// <summary>One published sequence as the soak's own subscriber saw it, and the outcomes that reached the wire for it.</summary>
internal sealed class SequenceRecord(string camera, int incarnation, long sequenceNumber, long firstFrameIndex, DateTimeOffset firstCapture, DateTimeOffset seenAt)
{
    public string Camera { get; } = camera;

    /// <summary>Which of the camera's edge processes published it (1-based).</summary>
    public int Incarnation { get; } = incarnation;

    public long SequenceNumber { get; } = sequenceNumber;

    public long FirstFrameIndex { get; } = firstFrameIndex;

    public DateTimeOffset FirstCapture { get; } = firstCapture;

    public DateTimeOffset SeenAt { get; } = seenAt;

    public int Results { get; set; }

    public List<string> Drops { get; } = [];

    public int Outcomes => Results + Drops.Count;
}

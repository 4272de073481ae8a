namespace EdgeVision.Benchmarks.Soak;

/// <summary>One published sequence as the soak's own subscriber saw it, and the outcomes that reached the wire for it.</summary>
internal sealed class SequenceRecord(string camera, int incarnation, long sequenceNumber, long firstFrameIndex, DateTimeOffset firstCapture, DateTimeOffset seenAt)
{
    // What tells one outcome from a copy of it: a result's completion time, a notice's silo, reason and time. QoS 1 is at
    // least once, so a publisher that lost the broker's acknowledgement (a broker restart) sends the same message again.
    private readonly HashSet<string> _identities = new(StringComparer.Ordinal);

    public string Camera { get; } = camera;

    /// <summary>Which of the camera's edge processes published it (1-based).</summary>
    public int Incarnation { get; } = incarnation;

    public long SequenceNumber { get; } = sequenceNumber;

    public long FirstFrameIndex { get; } = firstFrameIndex;

    public DateTimeOffset FirstCapture { get; } = firstCapture;

    public DateTimeOffset SeenAt { get; } = seenAt;

    public int Results { get; private set; }

    public List<string> Drops { get; } = [];

    /// <summary>Each distinct outcome as it arrived: kind, arrival, and the producer's own time (completion or drop).</summary>
    public List<OutcomeArrival> Arrivals { get; } = [];

    public int Outcomes => Results + Drops.Count;

    /// <summary>Records a result; false when it is a copy of one already recorded (the same completion).</summary>
    public bool AddResult(DateTimeOffset completedAt, DateTimeOffset arrivedAt)
    {
        if (!_identities.Add("result " + completedAt.ToString("O")))
        {
            return false;
        }

        Results++;
        Arrivals.Add(new OutcomeArrival("result", arrivedAt, completedAt, null));
        return true;
    }

    /// <summary>Records a drop notice; false when it is a copy of one already recorded (same silo, reason and time).</summary>
    public bool AddDrop(string reason, string silo, DateTimeOffset droppedAt, DateTimeOffset arrivedAt)
    {
        if (!_identities.Add($"{reason} {silo} {droppedAt:O}"))
        {
            return false;
        }

        Drops.Add(reason);
        Arrivals.Add(new OutcomeArrival(reason, arrivedAt, droppedAt, silo));
        return true;
    }
}

/// <param name="ProducedAt">The result's completion or the notice's drop time, as its silo wrote it.</param>
/// <param name="Silo">The silo that sent a drop notice (results do not name theirs).</param>
internal sealed record OutcomeArrival(string Kind, DateTimeOffset ArrivedAt, DateTimeOffset ProducedAt, string? Silo);

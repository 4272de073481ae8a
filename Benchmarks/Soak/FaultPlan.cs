namespace EdgeVision.Benchmarks.Soak;

/// <summary>
/// When each fault starts and how long it lasts, scaled to the run: a warm-up without faults (the first minute, or a sixth of
/// a short run), then equal slots cycling through every kind (each at least once), then a quiet end long enough for the
/// edges' ledgers to settle what the last fault left (two result timeouts and a margin).
/// </summary>
internal sealed record FaultPlan(TimeSpan Warmup, TimeSpan QuietEnd, IReadOnlyList<PlannedFault> Faults)
{
    private static readonly FaultKind[] Order =
        [FaultKind.SiloKill, FaultKind.SiloPause, FaultKind.BrokerRestart, FaultKind.EdgeKill, FaultKind.Garbage, FaultKind.SlowModel];

    /// <summary>The longest slot: at most one fault every 90 s.</summary>
    private static readonly TimeSpan LongestSlot = TimeSpan.FromSeconds(90);

    public static FaultPlan For(TimeSpan duration, TimeSpan resultTimeout)
    {
        var warmup = TimeSpan.FromSeconds(Math.Min(60, duration.TotalSeconds / 6));
        var quiet = TimeSpan.FromSeconds(Math.Min(Math.Max(2 * resultTimeout.TotalSeconds + 15, 30), duration.TotalSeconds / 4));
        var window = duration - warmup - quiet;
        var count = Math.Max(Order.Length, (int)Math.Floor(window / LongestSlot));
        var slot = window / count;
        var faults = new List<PlannedFault>(count);
        for (var i = 0; i < count; i++)
        {
            var kind = Order[i % Order.Length];
            faults.Add(new PlannedFault(kind, warmup + slot * i, Length(kind, slot), i / Order.Length));
        }

        return new FaultPlan(warmup, quiet, faults);
    }

    /// <summary>How long a fault lasts in a slot: a pause 20 s and a slow model 60 s where the slot allows, a restart's downtime a few seconds.</summary>
    private static TimeSpan Length(FaultKind kind, TimeSpan slot) => kind switch
    {
        FaultKind.SiloPause => Min(TimeSpan.FromSeconds(20), slot * 0.6),
        FaultKind.SlowModel => Min(TimeSpan.FromSeconds(60), slot * 0.6),
        FaultKind.BrokerRestart or FaultKind.SiloKill => TimeSpan.FromSeconds(3),
        FaultKind.EdgeKill => TimeSpan.FromSeconds(2),
        _ => TimeSpan.Zero,
    };

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}

/// <param name="At">From the start of the run.</param>
/// <param name="Length">Downtime of a restart, the pause, the slow phase; zero for garbage (as long as publishing it takes).</param>
/// <param name="Round">Which pass through the kinds (a kind's first is round 0); it picks the silo or edge to hit.</param>
internal sealed record PlannedFault(FaultKind Kind, TimeSpan At, TimeSpan Length, int Round);

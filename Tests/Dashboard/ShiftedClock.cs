namespace EdgeVision.Tests.Dashboard;

/// <summary>
/// The system clock moved forward by <see cref="Advance"/>: a test lays minutes of history into a running Dashboard in
/// seconds, while its timers (MQTT reconnects, keep-alives) still run in real time.
/// </summary>
internal sealed class ShiftedClock : TimeProvider
{
    private long _offsetTicks;

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);

    public override DateTimeOffset GetUtcNow() => base.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));
}

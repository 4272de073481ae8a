namespace EdgeVision.Benchmarks.Soak;

/// <summary>One process the soak started: its role (<c>silo-a</c>, <c>edge-c1</c>, <c>mosquitto</c>), which start of that role it is, its pid and span.</summary>
internal sealed class ProcessLife(string role, int incarnation, int processId, DateTimeOffset startedAt)
{
    public string Role { get; } = role;

    public int Incarnation { get; } = incarnation;

    public int ProcessId { get; } = processId;

    public DateTimeOffset StartedAt { get; } = startedAt;

    public DateTimeOffset? EndedAt { get; set; }

    /// <summary>How it ended: <c>sigkill</c>, <c>sigterm</c>, <c>exited</c> (by itself), or null while it runs.</summary>
    public string? EndedBy { get; set; }

    public string Name => $"{Role}#{Incarnation}";
}

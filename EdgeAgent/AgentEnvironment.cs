using EdgeVision.Startup;

namespace EdgeVision.EdgeAgent;

/// <summary>
/// What the agent restarts itself with at start, wherever it is started (a shell, systemd, the image, the app host): a
/// 4 MiB young generation (<see cref="GarbageCollectorSettings.Gen0SizeVariable"/>, which the runtime reads from the
/// environment only) and one glibc arena (<c>MALLOC_ARENA_MAX=1</c>, which glibc reads at start only). Without them the
/// agent's resident memory climbed 39 % in half an hour on a server CPU: its young generation was sized from the CPU's
/// 105 MiB cache, and OpenCV's buffers freed on the thread pool's threads kept per-thread arenas growing
/// (docs/edge.md, "Memory"). A value the environment already gives either is kept; <see cref="OptOutVariable"/>=0 keeps
/// the runtime's and glibc's defaults.
/// </summary>
public static class AgentEnvironment
{
    /// <summary>Set to <c>0</c> to start without the agent's memory settings (no restart); <c>1</c>, or unset, restarts.</summary>
    public const string OptOutVariable = "EDGEVISION_EDGE_MEMORY";

    /// <summary>The runtime's older prefix for the same setting; it reads <c>DOTNET_</c> first.</summary>
    private const string LegacyGen0SizeVariable = "COMPlus_GCgen0size";

    /// <summary>The young generation's budget and one glibc arena; <see cref="StartEnvironment.Apply"/> is the first statement of the agent's Main.</summary>
    public static StartEnvironment Memory { get; } = new(
        OptOutVariable,
        new StartVariable(GarbageCollectorSettings.Gen0SizeVariable, GarbageCollectorSettings.RecommendedGen0Size) { Aliases = [LegacyGen0SizeVariable] },
        StartVariable.OneGlibcArena);
}

using System.Globalization;
using EdgeVision.Startup;

namespace EdgeVision.EdgeAgent;

/// <summary>
/// The garbage collector the agent runs with, as the runtime reports it (<see cref="GC.GetConfigurationVariables"/>): server or
/// workstation, and the most the young generation (gen0) may allocate between two collections. The runtime sizes that budget
/// from the CPU's largest cache unless <c>DOTNET_GCgen0size</c> sets it: about 52 MiB on a server CPU with a 105 MiB L3, so
/// an agent allocating a few MiB a minute runs for minutes before its first collection, and its resident memory grows by
/// the budget before it levels off (docs/edge.md, "Memory"). The agent restarts itself with <see cref="RecommendedGen0Size"/>
/// at start unless its environment sets the variable (<see cref="AgentEnvironment"/>).
/// </summary>
public sealed record GarbageCollectorSettings(bool Server, bool Concurrent, long Gen0BudgetBytes)
{
    /// <summary>The environment variable that sets the young generation's budget; the runtime reads it at start only (hexadecimal bytes).</summary>
    public const string Gen0SizeVariable = "DOTNET_GCgen0size";

    /// <summary>4 MiB (the workstation collector's budget then stays between 4 and 6 MiB).</summary>
    public const string RecommendedGen0Size = "0x400000";

    /// <summary>Above this budget the agent warns at start: its memory would level off that much higher than it needs to.</summary>
    public const long LargeGen0BudgetBytes = 16 * 1024 * 1024;

    /// <summary>A young generation this large is sized from the machine, not for the agent.</summary>
    public bool LargeGen0 => Gen0BudgetBytes > LargeGen0BudgetBytes;

    /// <summary>
    /// The young generation is large and nobody chose that: <paramref name="gen0Size"/> (the agent's <see cref="Gen0SizeVariable"/>)
    /// is not the operator's own value or opt-out, so the agent asked for 4 MiB and the runtime reports otherwise.
    /// </summary>
    public bool LargeGen0Unchosen(StartSetting gen0Size)
    {
        ArgumentNullException.ThrowIfNull(gen0Size);
        return LargeGen0 && !gen0Size.Chosen;
    }

    public string Mode => (Server ? "server" : "workstation") + (Concurrent ? ", background collections" : "");

    public double Gen0BudgetMiB => Math.Round(Gen0BudgetBytes / (1024.0 * 1024), 1);

    /// <summary>This process's collector.</summary>
    public static GarbageCollectorSettings Current() => From(GC.GetConfigurationVariables());

    /// <summary>From the runtime's configuration variables (<c>ServerGC</c>, <c>ConcurrentGC</c>, <c>GCGen0MaxBudget</c>); a missing one reads as false or 0.</summary>
    public static GarbageCollectorSettings From(IReadOnlyDictionary<string, object> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        return new GarbageCollectorSettings(
            variables.TryGetValue("ServerGC", out var server) && server is true,
            variables.TryGetValue("ConcurrentGC", out var concurrent) && concurrent is true,
            variables.TryGetValue("GCGen0MaxBudget", out var budget) ? Convert.ToInt64(budget, CultureInfo.InvariantCulture) : 0);
    }
}

namespace EdgeVision.Startup;

/// <summary>
/// An environment variable a process needs from its first instruction, with the value it asks for: one that the .NET
/// runtime or the C library reads only when a process starts, so no configuration file and no later call can set it.
/// </summary>
/// <param name="Name">The variable, e.g. <c>MALLOC_ARENA_MAX</c>.</param>
/// <param name="Value">The value the process restarts itself with when the environment has none.</param>
public sealed record StartVariable(string Name, string Value)
{
    /// <summary>The variable that holds glibc's tunables (<c>name=value</c> pairs separated by colons).</summary>
    public const string GlibcTunablesVariable = "GLIBC_TUNABLES";

    /// <summary>
    /// One glibc arena for every thread: glibc otherwise gives threads arenas of their own, whose heaps keep what was freed
    /// on them and map large blocks afresh each time. glibc reads it when the process starts only.
    /// </summary>
    public static StartVariable OneGlibcArena { get; } = new("MALLOC_ARENA_MAX", "1") { GlibcTunable = "glibc.malloc.arena_max" };

    /// <summary>Other variables that set the same thing (e.g. the runtime's older <c>COMPlus_</c> prefix), after <see cref="Name"/> in precedence.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];

    /// <summary>The glibc tunable that sets the same thing; in <see cref="GlibcTunablesVariable"/> it wins over <see cref="Name"/>, as in glibc.</summary>
    public string? GlibcTunable { get; init; }

    /// <summary>The value the environment already gives this setting, and where it says so; null when it gives none.</summary>
    internal (string Value, string SetBy)? ReadFrom(Func<string, string?> environment)
    {
        if (GlibcTunable is { } tunable
            && (environment(GlibcTunablesVariable) ?? "").Split(':').Select(t => t.Split('=', 2)).LastOrDefault(t => t.Length == 2 && t[0] == tunable) is [_, var tuned])
        {
            return (tuned, $"{GlibcTunablesVariable} {tunable}");
        }

        foreach (var name in Aliases.Prepend(Name))
        {
            if (environment(name) is { Length: > 0 } value)
            {
                return (value, name);
            }
        }

        return null;
    }
}

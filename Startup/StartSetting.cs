namespace EdgeVision.Startup;

/// <summary>One <see cref="StartVariable"/> as this process has it.</summary>
/// <param name="Variable">What the process asks for.</param>
/// <param name="Source">Where its value came from, or why it has none.</param>
/// <param name="Value">The value in force; null when none is set.</param>
/// <param name="Detail">For <see cref="SettingSource.Environment"/> the name it was read from; for <see cref="SettingSource.OptedOut"/> the
/// opt-out; for <see cref="SettingSource.RestartFailed"/> why.</param>
public sealed record StartSetting(StartVariable Variable, SettingSource Source, string? Value = null, string? Detail = null)
{
    /// <summary>The value the process asks for is in force.</summary>
    public bool InForce => Value == Variable.Value;

    /// <summary>Whoever started the process decided this (their own value, or the opt-out): it is theirs, not something to warn about.</summary>
    public bool Chosen => Source is SettingSource.Environment or SettingSource.OptedOut;

    /// <summary>Not in force and nobody chose that: the process asked and did not get it, or never asked.</summary>
    public bool Missed => Source is SettingSource.NotRequested or SettingSource.Lost or SettingSource.RestartFailed;

    /// <summary>One clause for logs, e.g. <c>MALLOC_ARENA_MAX=4 (from the environment)</c>.</summary>
    public string Description => Source switch
    {
        SettingSource.Restart => $"{Variable.Name}={Value} (set at start: the process restarted itself with it)",
        SettingSource.Environment => $"{Detail ?? Variable.Name}={Value} (from the environment)",
        SettingSource.OptedOut => $"{Variable.Name} not set ({Detail})",
        SettingSource.NotLinuxGlibc => $"{Variable.Name} not set (not Linux with glibc: the process does not restart itself)",
        SettingSource.NotRequested => $"{Variable.Name} not set (the process did not restart itself with it at start)",
        SettingSource.Lost => $"{Variable.Name} not set (the process restarted itself with it and came up without it)",
        _ => $"{Variable.Name} not set (restarting the process with it failed: {Detail})",
    };
}

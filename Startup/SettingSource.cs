namespace EdgeVision.Startup;

/// <summary>Where a <see cref="StartVariable"/>'s value in this process came from, or why it has none.</summary>
public enum SettingSource
{
    /// <summary>The process restarted itself with the variable at start.</summary>
    Restart,

    /// <summary>Whoever started the process set it (by its name, an alias or a glibc tunable); kept as it is.</summary>
    Environment,

    /// <summary>Not set: the process's opt-out variable is 0.</summary>
    OptedOut,

    /// <summary>Not set: not Linux with glibc, where the process does not restart itself.</summary>
    NotLinuxGlibc,

    /// <summary>Not set: the process never asked for it at start (a host that embeds the component without calling <see cref="StartEnvironment.Apply"/>).</summary>
    NotRequested,

    /// <summary>Not set: the process restarted itself with it, and the new image came up without it.</summary>
    Lost,

    /// <summary>Not set: restarting the process failed.</summary>
    RestartFailed,
}

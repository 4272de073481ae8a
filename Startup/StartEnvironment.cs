using System.Globalization;

namespace EdgeVision.Startup;

/// <summary>
/// The environment variables a process needs from its first instruction (<see cref="Variables"/>), which the .NET runtime
/// and glibc read only when a process starts, and the switch that turns them off (<see cref="OptOutVariable"/>).
/// <see cref="Apply"/>, the first statement of <c>Main</c>, restarts the process once with the variables the environment
/// lacks, so that every launcher (a shell, systemd, Aspire, Kubernetes, a container image) gets them without setting them:
/// an <c>execve</c> of the same executable with the same arguments and the whole environment plus those variables
/// (<see cref="SelfRestart"/>). The process id stays, so launchers see one process; the standard streams, working directory,
/// signal dispositions and process name are those it was started with. It costs one more runtime start (0.1-0.3 s on the
/// development machine).
/// <para>
/// What whoever started the process set wins: a variable already in the environment (by its name, an alias or a glibc
/// tunable) is kept as it is and reported as theirs; <see cref="OptOutVariable"/>=0 restarts nothing. Off Linux, and on a
/// C library other than glibc, nothing restarts. A guard variable (<see cref="GuardVariable"/>: the process id and the
/// variables it added) keeps the new image from restarting again and tells it which values it set itself.
/// </para>
/// </summary>
public sealed class StartEnvironment
{
    /// <summary>Set only in a restarted image: <c>PID:NAME,NAME</c>, the process that restarted and the variables it added.</summary>
    public const string GuardVariable = "EDGEVISION_RESTARTED";

    private static readonly Lock Gate = new();
    private static StartOutcome? applied;

    /// <param name="optOutVariable">0 keeps the runtime's and the C library's defaults (no restart); 1, or unset, restarts.</param>
    /// <param name="variables">What the process restarts itself with, each when the environment does not set it.</param>
    public StartEnvironment(string optOutVariable, params StartVariable[] variables)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(optOutVariable);
        ArgumentOutOfRangeException.ThrowIfZero(variables.Length);
        OptOutVariable = optOutVariable;
        Variables = variables;
    }

    public string OptOutVariable { get; }

    public IReadOnlyList<StartVariable> Variables { get; }

    /// <summary>
    /// Restarts the process with the variables the environment lacks, and does not return then; otherwise returns how
    /// each variable serves the process. Call it first in <c>Main</c>, before anything the process does could be done
    /// twice; the first call in a process decides. An invalid <see cref="OptOutVariable"/> ends the process with exit code 2
    /// and a message naming it. In the restarted image the variables it added and the guard are removed from what child
    /// processes inherit: they start with the environment this process was given.
    /// </summary>
    public StartOutcome Apply()
    {
        lock (Gate)
        {
            if (applied is not null)
            {
                return InForce();
            }

            var decision = Decide(Environment.GetEnvironmentVariable, Environment.ProcessId, SelfRestart.IsGlibc(), requested: true);
            if (decision.Error is { } error)
            {
                Console.Error.WriteLine($"Invalid configuration: {error}");
                Environment.Exit(2);
            }

            applied = decision.Outcome;
            if (decision.Restart)
            {
                var failure = SelfRestart.Exec([.. decision.Outcome.Settings.Where(s => s.Source == SettingSource.Restart).Select(s => s.Variable)], Environment.ProcessId);
                applied = new StartOutcome([.. decision.Outcome.Settings.Select(s => s.Source == SettingSource.Restart ? new StartSetting(s.Variable, SettingSource.RestartFailed, Detail: failure) : s)]);
            }

            if (decision.Restarted)
            {
                foreach (var added in decision.Outcome.Settings.Where(s => s.Source is SettingSource.Restart or SettingSource.Lost))
                {
                    Environment.SetEnvironmentVariable(added.Variable.Name, null);
                }

                Environment.SetEnvironmentVariable(GuardVariable, null);
            }

            return applied;
        }
    }

    /// <summary>
    /// How each variable serves this process: what <see cref="Apply"/> found or did (the first call in the process, for the
    /// variables it covered), else what the environment says.
    /// </summary>
    public StartOutcome InForce()
    {
        lock (Gate)
        {
            var found = Decide(Environment.GetEnvironmentVariable, Environment.ProcessId, SelfRestart.IsGlibc(), requested: false).Outcome;
            return applied is null
                ? found
                : new StartOutcome([.. found.Settings.Select(s => applied.Settings.FirstOrDefault(a => a.Variable.Name == s.Variable.Name) ?? s)]);
        }
    }

    /// <summary>What to do, given the environment, this process's id and whether the C library is glibc on Linux.</summary>
    /// <param name="requested">Whether the process asked for the variables at start (<see cref="Apply"/>).</param>
    internal Decision Decide(Func<string, string?> environment, int processId, bool glibc, bool requested)
    {
        var optOut = environment(OptOutVariable);
        if (optOut is not (null or "" or "0" or "1"))
        {
            var assignments = string.Join(" and ", Variables.Select(v => $"{v.Name}={v.Value}"));
            return new Decision(new StartOutcome([]),
                Error: $"{OptOutVariable} must be 0 (start without restarting for {assignments}) or 1 (restart once at start with them where the environment lacks them, the default); it was '{optOut}'.");
        }

        var guard = environment(GuardVariable)?.Split(':', 2);
        var restarted = guard is { Length: > 0 } && guard[0] == processId.ToString(CultureInfo.InvariantCulture);
        var added = restarted && guard!.Length == 2 ? guard[1].Split(',', StringSplitOptions.RemoveEmptyEntries) : [];

        var settings = Variables.Select(variable => variable.ReadFrom(environment) is var (value, setBy)
            ? added.Contains(variable.Name) && value == variable.Value && setBy == variable.Name
                ? new StartSetting(variable, SettingSource.Restart, value)
                : new StartSetting(variable, SettingSource.Environment, value, setBy)
            : !glibc ? new StartSetting(variable, SettingSource.NotLinuxGlibc)
            : optOut == "0" ? new StartSetting(variable, SettingSource.OptedOut, Detail: $"{OptOutVariable}=0")
            : restarted ? new StartSetting(variable, SettingSource.Lost)
            : !requested ? new StartSetting(variable, SettingSource.NotRequested)
            : new StartSetting(variable, SettingSource.Restart, variable.Value)).ToArray();

        return new Decision(new StartOutcome(settings), Restart: !restarted && settings.Any(s => s.Source == SettingSource.Restart), Restarted: restarted);
    }

    /// <param name="Outcome">How each variable serves the process when it goes on (after a restart: what the new image will find).</param>
    /// <param name="Restart">Re-execute the process with the variables whose source is <see cref="SettingSource.Restart"/>.</param>
    /// <param name="Restarted">This is the restarted image.</param>
    /// <param name="Error">An invalid <see cref="OptOutVariable"/>, naming it.</param>
    internal sealed record Decision(StartOutcome Outcome, bool Restart = false, bool Restarted = false, string? Error = null);
}

namespace EdgeVision.Startup;

/// <summary>Every <see cref="StartVariable"/> of a <see cref="StartEnvironment"/> as this process has it.</summary>
public sealed record StartOutcome(IReadOnlyList<StartSetting> Settings)
{
    /// <summary>The setting of the variable <paramref name="name"/>.</summary>
    public StartSetting this[string name] =>
        Settings.FirstOrDefault(s => s.Variable.Name == name) ?? throw new KeyNotFoundException($"{name} is not one of this start environment's variables.");

    /// <summary>Some setting is neither in force nor chosen by whoever started the process.</summary>
    public bool Missed => Settings.Any(s => s.Missed);

    /// <summary>Each setting's clause, in order, for a start-up log line.</summary>
    public string Description => string.Join(", ", Settings.Select(s => s.Description));
}

using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Silo.Status;

/// <summary>
/// The silo's retained status on <c>edgevision/_silos/{siloId}</c> (<c>Silo:Status</c> section): whether it is published
/// and how often. The Dashboard's cluster view reads it. Validated at start.
/// </summary>
public sealed class SiloStatusOptions
{
    public const string SectionName = "Silo:Status";

    /// <summary>Publish the status (and its last will); off, the silo is missing from the Dashboard's cluster view.</summary>
    public bool Enabled { get; set; } = true;

    /// <summary>Seconds between two statuses; the batch sizes each reports are those run since the previous one.</summary>
    public double IntervalSeconds { get; set; } = 5;

    /// <summary>Every problem with these options, each naming its key under <paramref name="section"/>.</summary>
    public IReadOnlyList<string> Validate(string section = SectionName)
    {
        var errors = new ValidationErrors(section);
        errors.Range(nameof(IntervalSeconds), IntervalSeconds, 0.5, 3600);
        return errors.Errors;
    }
}

using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Silo.Grains;

/// <summary>Defaults and bounds of every camera grain (<c>Silo:Cameras</c> section). The latency budget is <c>Silo:Inference</c>.</summary>
public sealed class CameraGrainOptions
{
    public const string SectionName = "Silo:Cameras";

    /// <summary>Model key (a key of the model catalog) of every camera <see cref="Models"/> does not name.</summary>
    public string DefaultModel { get; set; } = "conv3d";

    /// <summary>
    /// Models by camera: a key <c>{site}/{camera}</c> names one camera, <c>{site}/*</c> every camera of a site (a camera's own
    /// entry wins over its site's); the value is a model catalog key. This and <see cref="DefaultModel"/> take effect again
    /// when the configuration reloads (sequences accepted from then on); every model named must be served at start.
    /// </summary>
    public Dictionary<string, string> Models { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Sequences one camera may have accepted and not finished; beyond it new ones are dropped as overload.</summary>
    public int MaxPendingSequences { get; set; } = 16;

    /// <summary>Recent sequences remembered for duplicate detection.</summary>
    public int DuplicateWindow { get; set; } = 1024;

    /// <summary>Labels reported per result, highest confidence first.</summary>
    public int TopK { get; set; } = 5;

    /// <summary>Results in the rolling performance window (the guide's <c>PerformanceMonitor(window_size=100)</c>).</summary>
    public int StatsWindow { get; set; } = 100;

    /// <summary>
    /// Seconds a camera may keep sending sequences without a result before the silo reports it stalled (<c>/health</c>
    /// Degraded naming it, the <c>edgevision.silo.stalled_cameras</c> gauge, a warning). A camera that stops sending is
    /// offline, not stalled.
    /// </summary>
    public double StallSeconds { get; set; } = 15;

    /// <summary>Every problem with these options, each naming its key under <paramref name="section"/>.</summary>
    public IReadOnlyList<string> Validate(string section = SectionName)
    {
        var errors = new ValidationErrors(section);
        if (string.IsNullOrWhiteSpace(DefaultModel))
        {
            errors.Add(nameof(DefaultModel), "must name a model (e.g. conv3d).");
        }

        ModelAssignments.Validate(Models, errors, nameof(Models));
        errors.Range(nameof(MaxPendingSequences), MaxPendingSequences, 1, 10_000);
        errors.Range(nameof(DuplicateWindow), DuplicateWindow, 1, 1_000_000);
        errors.Range(nameof(TopK), TopK, 1, 100);
        errors.Range(nameof(StatsWindow), StatsWindow, 1, 100_000);
        errors.Range(nameof(StallSeconds), StallSeconds, 1, 3600);
        return errors.Errors;
    }
}

using EdgeVision.Inference.Catalog;
using EdgeVision.Silo.Models;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace EdgeVision.Silo.Grains;

/// <summary>
/// The cameras' model assignments in force (<see cref="ModelAssignments"/> of <c>Silo:Cameras:DefaultModel</c> and
/// <c>Silo:Cameras:Models</c>). At start every model they name must be served (<see cref="Check"/>). When the configuration
/// reloads (an edited appsettings.json, a Kubernetes ConfigMap) the section is bound and checked again: valid assignments
/// that differ take effect for sequences accepted from then on, invalid ones are refused with a log line naming each key and
/// the assignments in force kept. Thread-safe.
/// </summary>
internal sealed partial class CameraModels : IDisposable
{
    private readonly IConfiguration _configuration;
    private readonly IModelCatalog _catalog;
    private readonly ModelInstruments _instruments;
    private readonly ILogger<CameraModels> _logger;
    private readonly IDisposable _reloads;
    private ModelAssignments _current;

    public CameraModels(IConfiguration configuration, IOptions<CameraGrainOptions> options, IModelCatalog catalog, ModelInstruments instruments,
        ILogger<CameraModels> logger)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        ArgumentNullException.ThrowIfNull(options);
        _configuration = configuration;
        _catalog = catalog ?? throw new ArgumentNullException(nameof(catalog));
        _instruments = instruments ?? throw new ArgumentNullException(nameof(instruments));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _current = new ModelAssignments(options.Value.DefaultModel, options.Value.Models);
        _reloads = ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    /// <summary>The assignments in force.</summary>
    public ModelAssignments Current => Volatile.Read(ref _current);

    /// <summary>The model key camera <paramref name="camera"/> of site <paramref name="site"/> is served with now.</summary>
    public string For(string site, string camera) => Current.For(site, camera);

    /// <summary>
    /// A problem, naming its key, for every model the assignments in force name that the catalog does not serve; none when the
    /// catalog is empty (a silo without models drops every sequence as invalid and says so at start).
    /// </summary>
    public IReadOnlyList<string> Check() => Unserved(Current);

    public void Dispose() => _reloads.Dispose();

    private List<string> Unserved(ModelAssignments assignments)
    {
        if (_catalog.Keys.Count == 0)
        {
            return [];
        }

        var known = string.Join(", ", _catalog.Keys);
        return [.. assignments.Named.Prepend((Key: string.Empty, Model: assignments.Default))
            .Where(entry => !_catalog.Contains(entry.Model))
            .Select(entry => entry.Key.Length == 0
                ? $"{CameraGrainOptions.SectionName}:{nameof(CameraGrainOptions.DefaultModel)} names model '{entry.Model}', which this silo does not serve (it serves {known})."
                : $"{CameraGrainOptions.SectionName}:{nameof(CameraGrainOptions.Models)}:{entry.Key} names model '{entry.Model}', which this silo does not serve (it serves {known}).")];
    }

    private void Reload()
    {
        var section = _configuration.GetSection(CameraGrainOptions.SectionName);
        var options = new CameraGrainOptions();
        List<string> problems;
        ModelAssignments? next = null;
        try
        {
            ValidatedOptionsExtensions.BindSection(section, options);
            problems = [.. ValidatedOptionsExtensions.UnknownKeys(section, typeof(CameraGrainOptions)), .. options.Validate()];
            if (problems.Count == 0)
            {
                next = new ModelAssignments(options.DefaultModel, options.Models);
                problems.AddRange(Unserved(next));
            }
        }
        catch (InvalidOperationException e)
        {
            problems = [e.Message]; // a value of the wrong type, named by the binder
        }

        var current = Current;
        if (problems.Count > 0)
        {
            _instruments.AssignmentsReloaded(ModelInstruments.OutcomeRefused);
            LogReloadRefused(_logger, string.Join(" ", problems));
            return;
        }

        if (next is null || next.SameAs(current))
        {
            return;
        }

        Volatile.Write(ref _current, next);
        _instruments.AssignmentsReloaded(ModelInstruments.OutcomeApplied);
        LogReloaded(_logger, next.Default, string.Join(", ", next.Named.Select(entry => $"{entry.Key}={entry.Model}")));
    }

    [LoggerMessage(Level = LogLevel.Information, Message = "Camera model assignments reloaded: default {Default}; {Assignments}")]
    private static partial void LogReloaded(ILogger logger, string @default, string assignments);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Camera model assignments not reloaded, the ones in force kept: {Problems}")]
    private static partial void LogReloadRefused(ILogger logger, string problems);
}

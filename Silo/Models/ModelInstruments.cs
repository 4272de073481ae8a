using System.Diagnostics.Metrics;
using EdgeVision.Inference.Catalog;

namespace EdgeVision.Silo.Models;

/// <summary>
/// The silo's model metrics (meter <c>EdgeVision.Models</c>): the models served (one series per model and version, read from
/// the catalog: 1 for the version in service, 0 for a version reported before and swapped out since), versions swapped in, files
/// refused by reason, and camera-model assignment reloads by outcome.
/// </summary>
/// <remarks>
/// A swapped-out version reads 0 rather than going unreported: an exporter may go on showing the last value of a series the
/// callback stopped reporting (the Prometheus endpoint does after a swap), which reads as the old version still served.
/// </remarks>
public sealed class ModelInstruments
{
    public const string MeterName = "EdgeVision.Models";
    public const string LoadedName = "edgevision.models.loaded";
    public const string SwapsName = "edgevision.models.swaps";
    public const string RefusedName = "edgevision.models.refused";
    public const string AssignmentReloadsName = "edgevision.models.assignment_reloads";

    /// <summary>Refusal reasons: the package's model file does not match its SHA-256.</summary>
    public const string ReasonChecksum = "checksum";

    /// <summary>Not a readable checkpoint or package (format, manifest, weights), or a model its runtime cannot load.</summary>
    public const string ReasonFormat = "format";

    /// <summary>The new version cannot run the requests the old one takes (another channel count).</summary>
    public const string ReasonIncompatible = "incompatible";

    /// <summary>The file could not be read.</summary>
    public const string ReasonUnreadable = "unreadable";

    public const string OutcomeApplied = "applied";
    public const string OutcomeRefused = "refused";

    private readonly Counter<long> _swaps;
    private readonly Counter<long> _refused;
    private readonly Counter<long> _reloads;
    private readonly Lock _reportedGate = new();
    private readonly HashSet<(string Model, string Version, string Kind)> _reported = [];

    public ModelInstruments(IMeterFactory meterFactory, IModelCatalog catalog)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(catalog);
        var meter = meterFactory.Create(MeterName);
        meter.CreateObservableGauge(LoadedName, () => Loaded(catalog), "{model}",
            "Models served, one series per model (catalog key), version and kind: 1 in service, 0 swapped out.");
        _swaps = meter.CreateCounter<long>(SwapsName, "{swap}", "New versions of a served model swapped in while the silo runs, by model.");
        _refused = meter.CreateCounter<long>(RefusedName, "{file}",
            "Model files in the model directory refused (the version in service kept), by model and reason: checksum, format, incompatible, unreadable.");
        _reloads = meter.CreateCounter<long>(AssignmentReloadsName, "{reload}",
            "Configuration reloads that changed the cameras' model assignments, by outcome: applied, or refused (the assignments in force kept).");
    }

    public void Swapped(string model) => _swaps.Add(1, new KeyValuePair<string, object?>("model", model));

    public void Refused(string model, string reason) =>
        _refused.Add(1, new KeyValuePair<string, object?>("model", model), new KeyValuePair<string, object?>("reason", reason));

    public void AssignmentsReloaded(string outcome) => _reloads.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    private IEnumerable<Measurement<int>> Loaded(IModelCatalog catalog)
    {
        var served = new HashSet<(string Model, string Version, string Kind)>();
        foreach (var key in catalog.Keys)
        {
            ModelDescription model;
            try
            {
                model = catalog.Describe(key);
            }
            catch (ArgumentException)
            {
                continue; // gone between the two reads
            }
            catch (ObjectDisposedException)
            {
                break;
            }

            served.Add((key, model.Version, model.Kind));
        }

        // Every reader (the Prometheus endpoint, OTLP, a test's collector) calls this; each must see a swapped-out version at 0.
        lock (_reportedGate)
        {
            _reported.UnionWith(served);
            return [.. _reported.Select(s => new Measurement<int>(served.Contains(s) ? 1 : 0, new KeyValuePair<string, object?>("model", s.Model),
                new KeyValuePair<string, object?>("version", s.Version), new KeyValuePair<string, object?>("kind", s.Kind)))];
        }
    }
}

using EdgeVision.Silo.Grains;
using EdgeVision.Silo.Models;
using EdgeVision.Tests.Edge;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.Silo.Grains;

/// <summary>The cameras' model assignments as a running silo holds them: checked against the catalog, changed by a configuration reload.</summary>
public sealed class CameraModelsTests : IDisposable
{
    private readonly IConfigurationRoot configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
    {
        ["Silo:Cameras:DefaultModel"] = "conv3d",
        ["Silo:Cameras:Models:dock/*"] = "hybrid",
    }).Build();

    private readonly ModelInstruments instruments;
    private readonly MetricCollector<long> reloads;
    private readonly CameraModels models;

    public CameraModelsTests()
    {
        var meters = EdgeTestKit.NewMeterFactory();
        var catalog = new NamedModelsCatalog("conv3d", "hybrid", "transformer");
        instruments = new ModelInstruments(meters, catalog);
        reloads = new MetricCollector<long>(meters, ModelInstruments.MeterName, ModelInstruments.AssignmentReloadsName);
        models = new CameraModels(configuration, Options.Create(Bind()), catalog, instruments, NullLogger<CameraModels>.Instance);
    }

    [Fact]
    public void AReloadedAssignmentServesTheCamerasItNamesFromThenOn()
    {
        Assert.Equal(("hybrid", "conv3d"), (models.For("dock", "gate"), models.For("yard", "cam1")));

        configuration["Silo:Cameras:Models:dock/gate"] = "transformer";
        configuration["Silo:Cameras:DefaultModel"] = "hybrid";
        configuration.Reload();

        Assert.Equal(("transformer", "hybrid", "hybrid"), (models.For("dock", "gate"), models.For("dock", "door"), models.For("yard", "cam1")));
        Assert.Equal(["applied"], reloads.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!));
    }

    [Fact]
    public void AReloadNamingAModelTheSiloDoesNotServeIsRefusedAndTheAssignmentsInForceKept()
    {
        configuration["Silo:Cameras:Models:dock/gate"] = "r2plus1d_18";
        configuration.Reload();

        Assert.Equal("hybrid", models.For("dock", "gate"));
        Assert.Equal(["refused"], reloads.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!));
    }

    [Fact]
    public void AReloadWithABadKeyIsRefusedAndTheAssignmentsInForceKept()
    {
        configuration["Silo:Cameras:Models:dock"] = "transformer";
        configuration["Silo:Cameras:DefaultModel"] = "transformer";
        configuration.Reload();

        Assert.Equal(("hybrid", "conv3d"), (models.For("dock", "gate"), models.For("yard", "cam1")));
        Assert.Equal(["refused"], reloads.GetMeasurementSnapshot().Select(m => (string)m.Tags["outcome"]!));
    }

    [Fact]
    public void AReloadThatChangesNoAssignmentIsNotCounted()
    {
        configuration["Silo:Cameras:TopK"] = "3";
        configuration.Reload();

        Assert.Empty(reloads.GetMeasurementSnapshot());
    }

    [Fact]
    public void AtStartEveryAssignedModelTheCatalogDoesNotServeIsNamedWithItsKey()
    {
        configuration["Silo:Cameras:Models:yard/cam1"] = "x3d";
        configuration["Silo:Cameras:DefaultModel"] = "movinet";
        using var unserved = new CameraModels(configuration, Options.Create(Bind()), new NamedModelsCatalog("conv3d", "hybrid"), instruments,
            NullLogger<CameraModels>.Instance);

        Assert.Equal(
            [
                "Silo:Cameras:DefaultModel names model 'movinet', which this silo does not serve (it serves conv3d, hybrid).",
                "Silo:Cameras:Models:yard/cam1 names model 'x3d', which this silo does not serve (it serves conv3d, hybrid).",
            ],
            unserved.Check());
        Assert.Empty(models.Check());
    }

    public void Dispose()
    {
        models.Dispose();
        reloads.Dispose();
    }

    private CameraGrainOptions Bind()
    {
        var options = new CameraGrainOptions();
        configuration.GetSection(CameraGrainOptions.SectionName).Bind(options);
        return options;
    }
}

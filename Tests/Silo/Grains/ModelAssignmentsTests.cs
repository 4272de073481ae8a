using EdgeVision.Contracts.Configuration;
using EdgeVision.Silo.Grains;

namespace EdgeVision.Tests.Silo.Grains;

public sealed class ModelAssignmentsTests
{
    private static readonly Dictionary<string, string> Entries = new()
    {
        ["dock/*"] = "r2plus1d_18",
        ["dock/gate"] = "transformer",
        ["yard/cam1"] = "hybrid",
    };

    [Fact]
    public void ACamerasOwnEntryWinsOverItsSitesAndTheDefaultServesEveryOtherCamera()
    {
        var assignments = new ModelAssignments("conv3d", Entries);

        Assert.Equal("transformer", assignments.For("dock", "gate"));
        Assert.Equal("r2plus1d_18", assignments.For("dock", "door2"));
        Assert.Equal("hybrid", assignments.For("yard", "cam1"));
        Assert.Equal("conv3d", assignments.For("yard", "cam2"));
        Assert.Equal("conv3d", assignments.For("office", "gate"));
    }

    [Fact]
    public void NamesEveryModelItAssignsWithTheKeyThatAssignsIt()
    {
        var assignments = new ModelAssignments("conv3d", Entries);

        Assert.Equal(
            [("dock/*", "r2plus1d_18"), ("dock/gate", "transformer"), ("yard/cam1", "hybrid")],
            assignments.Named.Order());
    }

    [Fact]
    public void AnInvalidEntryIsReportedUnderItsFullKey()
    {
        var errors = new ValidationErrors("Silo:Cameras");

        ModelAssignments.Validate(new Dictionary<string, string>
        {
            ["dock"] = "conv3d",
            ["dock/*/x"] = "conv3d",
            ["*/gate"] = "conv3d",
            ["dock/gate"] = " ",
            ["dock/ok"] = "conv3d",
        }, errors, "Models");

        Assert.Equal(4, errors.Errors.Count);
        Assert.Contains(errors.Errors, e => e.StartsWith("Silo:Cameras:Models:dock must be a camera ({site}/{camera}) or every camera of a site ({site}/*)", StringComparison.Ordinal));
        Assert.Contains(errors.Errors, e => e.StartsWith("Silo:Cameras:Models:dock/*/x must be a camera", StringComparison.Ordinal));
        Assert.Contains(errors.Errors, e => e.StartsWith("Silo:Cameras:Models:*/gate must be a camera", StringComparison.Ordinal));
        Assert.Contains("Silo:Cameras:Models:dock/gate must name a model (a key of Silo:ModelCatalog, e.g. conv3d).", errors.Errors);
    }

    [Fact]
    public void TheCameraOptionsReportABadEntryWithTheirOtherProblems()
    {
        var options = new CameraGrainOptions { TopK = 0, Models = { ["dock gate"] = "conv3d" } };

        var errors = options.Validate();

        Assert.Contains(errors, e => e.StartsWith("Silo:Cameras:Models:dock gate must be a camera", StringComparison.Ordinal));
        Assert.Contains("Silo:Cameras:TopK must be between 1 and 100 (was 0).", errors);
    }

    [Fact]
    public void AssignmentsAreTheSameOnlyWhenEveryCameraGetsTheSameModel()
    {
        var assignments = new ModelAssignments("conv3d", Entries);

        Assert.True(assignments.SameAs(new ModelAssignments("conv3d", new Dictionary<string, string>(Entries))));
        Assert.False(assignments.SameAs(new ModelAssignments("hybrid", Entries)));
        Assert.False(assignments.SameAs(new ModelAssignments("conv3d", new Dictionary<string, string>(Entries) { ["dock/*"] = "conv3d" })));
        Assert.False(assignments.SameAs(new ModelAssignments("conv3d", new Dictionary<string, string>())));
    }
}

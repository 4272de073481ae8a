using System.Globalization;
using EdgeVision.EdgeAgent;
using EdgeVision.Testing;
using EdgeVision.Tests.Edge;

namespace EdgeVision.Tests.EdgeAgent;

/// <summary>
/// The collector the agent runs with: the workstation collector (its runtimeconfig), the young generation's budget the
/// runtime reports, and the warning an agent gets when that budget was sized from a large CPU cache instead of set.
/// </summary>
public sealed class GarbageCollectorSettingsTests
{
    [Fact]
    public void AYoungGenerationSizedFromA105MiBCacheIsLarge()
    {
        var settings = GarbageCollectorSettings.From(new Dictionary<string, object> { ["ServerGC"] = false, ["ConcurrentGC"] = true, ["GCGen0MaxBudget"] = 55_050_240L });

        Assert.True(settings.LargeGen0);
        Assert.Equal(52.5, settings.Gen0BudgetMiB);
        Assert.Equal("workstation, background collections", settings.Mode);
    }

    [Fact]
    public void TheBudgetTheImagesSetIsNotLarge()
    {
        var settings = GarbageCollectorSettings.From(new Dictionary<string, object> { ["ServerGC"] = false, ["ConcurrentGC"] = true, ["GCGen0MaxBudget"] = 6_291_456L });

        Assert.False(settings.LargeGen0);
        Assert.Equal(6, settings.Gen0BudgetMiB);
    }

    [Fact]
    public void ARuntimeThatReportsNothingReadsAsWorkstationWithoutABudget()
    {
        var settings = GarbageCollectorSettings.From(new Dictionary<string, object>());

        Assert.Equal(new GarbageCollectorSettings(false, false, 0), settings);
        Assert.False(settings.LargeGen0);
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task TheBuiltAgentRunsTheWorkstationCollectorWithTheYoungGenerationItsEnvironmentSets()
    {
        using var agent = AgentProcess.Start(
            new Dictionary<string, string> { [GarbageCollectorSettings.Gen0SizeVariable] = GarbageCollectorSettings.RecommendedGen0Size },
            "--Edge:Mqtt:Port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture));

        await agent.WaitWhileRunningAsync(agent.LoggedAsync("Garbage collector:").WaitAsync(EdgeTestKit.ProcessStartPatience, TestContext.Current.CancellationToken),
            "it logged its garbage collector");

        Assert.Contains("Garbage collector: workstation, background collections, young generation collected every 6 MiB allocated at most", agent.LogTail());
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task TheBuiltAgentNamesTheVariableWhenItsYoungGenerationIsLarge()
    {
        // 64 MiB set explicitly, as a large CPU cache would size it: the test does not depend on this machine's cache.
        using var agent = AgentProcess.Start(
            new Dictionary<string, string> { [GarbageCollectorSettings.Gen0SizeVariable] = "0x4000000" },
            "--Edge:Mqtt:Port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture));

        await agent.WaitWhileRunningAsync(agent.LoggedAsync("Garbage collector:").WaitAsync(EdgeTestKit.ProcessStartPatience, TestContext.Current.CancellationToken),
            "it logged its garbage collector");

        Assert.Contains("young generation collected every 64 MiB allocated at most: resident memory grows", agent.LogTail());
        Assert.Contains("DOTNET_GCgen0size=0x400000", agent.LogTail());
    }
}

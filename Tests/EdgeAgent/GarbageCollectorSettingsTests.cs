using System.Globalization;
using EdgeVision.EdgeAgent;
using EdgeVision.Startup;
using EdgeVision.Testing;
using EdgeVision.Tests.Edge;

namespace EdgeVision.Tests.EdgeAgent;

/// <summary>
/// The collector the agent runs with: the workstation collector (its runtimeconfig), the young generation's budget the
/// runtime reports, and the warning an agent gets when that budget was sized from a large CPU cache and nobody chose it.
/// </summary>
public sealed class GarbageCollectorSettingsTests
{
    private static readonly GarbageCollectorSettings Large = new(false, true, 55_050_240L);
    private static readonly GarbageCollectorSettings Small = new(false, true, 6_291_456L);

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

    [Theory]
    [InlineData(SettingSource.Restart)]
    [InlineData(SettingSource.RestartFailed)]
    [InlineData(SettingSource.Lost)]
    [InlineData(SettingSource.NotRequested)]
    [InlineData(SettingSource.NotLinuxGlibc)]
    public void ALargeYoungGenerationNobodyChoseIsWarned(SettingSource source)
    {
        var gen0 = AgentEnvironment.Memory.Variables[0];

        Assert.True(Large.LargeGen0Unchosen(new StartSetting(gen0, source, source == SettingSource.Restart ? gen0.Value : null)));
        Assert.False(Small.LargeGen0Unchosen(new StartSetting(gen0, source, source == SettingSource.Restart ? gen0.Value : null)));
    }

    [Fact]
    public void ALargeYoungGenerationTheOperatorChoseIsTheirsAndNotWarned()
    {
        var gen0 = AgentEnvironment.Memory.Variables[0];

        Assert.False(Large.LargeGen0Unchosen(new StartSetting(gen0, SettingSource.Environment, "0x4000000", gen0.Name)));
        Assert.False(Large.LargeGen0Unchosen(new StartSetting(gen0, SettingSource.OptedOut, Detail: $"{AgentEnvironment.OptOutVariable}=0")));
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
}

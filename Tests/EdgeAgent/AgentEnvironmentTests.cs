using EdgeVision.EdgeAgent;
using EdgeVision.Startup;

namespace EdgeVision.Tests.EdgeAgent;

/// <summary>What the agent restarts itself with at start, and what an operator's environment changes about it.</summary>
public sealed class AgentEnvironmentTests
{
    [Fact]
    public void TheAgentAsksForAFourMiBYoungGenerationAndOneGlibcArena()
    {
        var decision = Decide([]);

        Assert.True(decision.Restart);
        Assert.Equal(["DOTNET_GCgen0size=0x400000", "MALLOC_ARENA_MAX=1"], decision.Outcome.Settings.Select(s => $"{s.Variable.Name}={s.Value}"));
    }

    [Fact]
    public void TheRuntimesOlderPrefixCountsAsTheOperatorsYoungGeneration()
    {
        var decision = Decide(new() { ["COMPlus_GCgen0size"] = "0x1000000", ["MALLOC_ARENA_MAX"] = "2" });

        Assert.False(decision.Restart);
        Assert.Equal("COMPlus_GCgen0size=0x1000000 (from the environment)", decision.Outcome[GarbageCollectorSettings.Gen0SizeVariable].Description);
    }

    [Fact]
    public void EdgevisionEdgeMemoryZeroKeepsTheDefaultsAndAnotherValueStopsTheAgentNamingIt()
    {
        var optedOut = Decide(new() { ["EDGEVISION_EDGE_MEMORY"] = "0" });
        var invalid = Decide(new() { ["EDGEVISION_EDGE_MEMORY"] = "off" });

        Assert.False(optedOut.Restart);
        Assert.All(optedOut.Outcome.Settings, s => Assert.Equal(SettingSource.OptedOut, s.Source));
        Assert.StartsWith("EDGEVISION_EDGE_MEMORY must be 0", invalid.Error, StringComparison.Ordinal);
        Assert.Contains("'off'", invalid.Error);
    }

    private static StartEnvironment.Decision Decide(Dictionary<string, string> environment) =>
        AgentEnvironment.Memory.Decide(name => environment.GetValueOrDefault(name), 4242, glibc: true, requested: true);
}

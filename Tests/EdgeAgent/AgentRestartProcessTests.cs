using System.Globalization;
using System.Text.RegularExpressions;
using EdgeVision.Testing;
using EdgeVision.Tests.Edge;

namespace EdgeVision.Tests.EdgeAgent;

/// <summary>
/// The built agent started as a device or a shell starts it, without the memory variables: it restarts itself once with
/// them, so the runtime collects its young generation every few MiB and glibc serves it from one arena; what an operator
/// set is kept. Checked on the process itself: the environment the kernel holds for it and what its runtime reports.
/// </summary>
public sealed partial class AgentRestartProcessTests
{
    /// <summary>How the console logger starts a warning of the service that logs the start environment and the collector.</summary>
    private const string AgentServiceWarning = "warn: EdgeVision.EdgeAgent.EdgeAgentService";

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task AnAgentStartedWithoutTheVariablesRunsWithAFourMiBYoungGenerationAndOneArena()
    {
        using var agent = AgentProcess.Start("--Edge:Mqtt:Port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture));

        await WaitForCollectorLineAsync(agent);

        var environment = agent.ProcessEnvironment();
        Assert.Equal("0x400000", environment.GetValueOrDefault("DOTNET_GCgen0size"));
        Assert.Equal("1", environment.GetValueOrDefault("MALLOC_ARENA_MAX"));
        Assert.InRange(Gen0BudgetMiB(agent.LogTail()), 4, 6);
        Assert.Contains("Start environment: DOTNET_GCgen0size=0x400000 (set at start: the process restarted itself with it), MALLOC_ARENA_MAX=1 (set at start: the process restarted itself with it)", agent.LogTail());
        Assert.DoesNotContain(AgentServiceWarning, agent.LogTail());
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task AYoungGenerationTheOperatorSetIsKeptAndTheMissingArenaCountIsAdded()
    {
        // 64 MiB, as a large CPU cache would size it: the operator's choice, logged as theirs and not warned about.
        using var agent = AgentProcess.Start(
            new Dictionary<string, string> { ["DOTNET_GCgen0size"] = "0x4000000" },
            "--Edge:Mqtt:Port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture));

        await WaitForCollectorLineAsync(agent);

        var environment = agent.ProcessEnvironment();
        Assert.Equal("0x4000000", environment.GetValueOrDefault("DOTNET_GCgen0size"));
        Assert.Equal("1", environment.GetValueOrDefault("MALLOC_ARENA_MAX"));
        Assert.Equal(64, Gen0BudgetMiB(agent.LogTail()));
        Assert.Contains("DOTNET_GCgen0size=0x4000000 (from the environment), MALLOC_ARENA_MAX=1 (set at start: the process restarted itself with it)", agent.LogTail());
        Assert.DoesNotContain(AgentServiceWarning, agent.LogTail());
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task AnArenaCountTheOperatorSetIsKept()
    {
        using var agent = AgentProcess.Start(
            new Dictionary<string, string> { ["MALLOC_ARENA_MAX"] = "4" },
            "--Edge:Mqtt:Port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture));

        await WaitForCollectorLineAsync(agent);

        var environment = agent.ProcessEnvironment();
        Assert.Equal("4", environment.GetValueOrDefault("MALLOC_ARENA_MAX"));
        Assert.Equal("0x400000", environment.GetValueOrDefault("DOTNET_GCgen0size"));
        Assert.Contains("MALLOC_ARENA_MAX=4 (from the environment)", agent.LogTail());
    }

    [Fact]
    [Trait("Category", "EndToEnd")]
    public async Task TheOptOutKeepsTheRuntimesAndGlibcsDefaultsWithoutARestart()
    {
        using var agent = AgentProcess.Start(
            new Dictionary<string, string> { ["EDGEVISION_EDGE_MEMORY"] = "0" },
            "--Edge:Mqtt:Port", LoopbackPort.Free().ToString(CultureInfo.InvariantCulture));

        await WaitForCollectorLineAsync(agent);

        var environment = agent.ProcessEnvironment();
        Assert.DoesNotContain("DOTNET_GCgen0size", environment.Keys);
        Assert.DoesNotContain("MALLOC_ARENA_MAX", environment.Keys);
        Assert.DoesNotContain("EDGEVISION_RESTARTED", environment.Keys);
        Assert.Contains("DOTNET_GCgen0size not set (EDGEVISION_EDGE_MEMORY=0), MALLOC_ARENA_MAX not set (EDGEVISION_EDGE_MEMORY=0)", agent.LogTail());
    }

    private static Task WaitForCollectorLineAsync(AgentProcess agent) =>
        agent.WaitWhileRunningAsync(agent.LoggedAsync("Garbage collector:").WaitAsync(EdgeTestKit.ProcessStartPatience, TestContext.Current.CancellationToken),
            "it logged its garbage collector");

    private static double Gen0BudgetMiB(string log) =>
        double.Parse(CollectedEvery().Match(log) is { Success: true } match ? match.Groups["mib"].Value : throw new InvalidOperationException($"No young generation budget logged:\n{log}"),
            CultureInfo.InvariantCulture);

    [GeneratedRegex(@"young generation collected every (?<mib>[0-9.]+) MiB")]
    private static partial Regex CollectedEvery();
}

using System.Text;
using EdgeVision.Inference.Runtime;

namespace EdgeVision.Tests.Inference.Runtime;

/// <summary>When a process restarts itself with <c>MALLOC_ARENA_MAX=1</c>, and what it hands the new image.</summary>
public sealed class OneArenaRestartTests
{
    private const int Pid = 4242;

    [Fact]
    public void AProcessThatAsksForOneArenaWithoutTheVariableRestarts()
    {
        var decision = Decide([]);

        Assert.True(decision.Restart);
        Assert.Null(decision.Error);
    }

    [Fact]
    public void TheRestartedImageNeverRestartsAgainEvenWhenTheVariableIsMissing()
    {
        var restarted = Decide(new() { ["MALLOC_ARENA_MAX"] = "1", [OneArenaRestart.RestartedVariable] = "4242" });
        var lost = Decide(new() { [OneArenaRestart.RestartedVariable] = "4242" });

        Assert.False(restarted.Restart);
        Assert.True(restarted.Setup.OneArena);
        Assert.Contains("restarted itself", restarted.Setup.Description);
        Assert.False(lost.Restart);
        Assert.False(lost.Setup.OneArena);
        Assert.False(lost.Setup.Intended);
    }

    [Fact]
    public void AGuardInheritedFromAnotherProcessDoesNotStopTheRestart()
    {
        Assert.True(Decide(new() { [OneArenaRestart.RestartedVariable] = "17" }).Restart);
    }

    [Theory]
    [InlineData("MALLOC_ARENA_MAX", "1", true)]
    [InlineData("MALLOC_ARENA_MAX", "4", false)]
    [InlineData("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=1:glibc.malloc.arena_max=1", true)]
    [InlineData("GLIBC_TUNABLES", "glibc.malloc.arena_max=2", false)]
    public void AnArenaCountFromTheEnvironmentWinsWithoutARestart(string name, string value, bool one)
    {
        var decision = Decide(new() { [name] = value });

        Assert.False(decision.Restart);
        Assert.Equal(one, decision.Setup.OneArena);
        Assert.True(decision.Setup.Intended);
    }

    [Fact]
    public void ZeroOptsOutAndKeepsThePerThreadArenasWithoutAWarning()
    {
        var decision = Decide(new() { [NativeHeap.OneArenaVariable] = "0" });

        Assert.False(decision.Restart);
        Assert.False(decision.Setup.OneArena);
        Assert.True(decision.Setup.Intended);
        Assert.Contains("EDGEVISION_ONE_ARENA=0", decision.Setup.Description);
    }

    [Fact]
    public void AnInvalidOptOutValueIsAnErrorNamingTheVariable()
    {
        var decision = Decide(new() { [NativeHeap.OneArenaVariable] = "yes" });

        Assert.False(decision.Restart);
        Assert.Contains("EDGEVISION_ONE_ARENA must be 0", decision.Error);
        Assert.Contains("'yes'", decision.Error);
    }

    [Fact]
    public void WithoutGlibcNothingRestartsAndNothingWarns()
    {
        var decision = OneArenaRestart.Decide(_ => null, Pid, glibc: false, requested: true);

        Assert.False(decision.Restart);
        Assert.True(decision.Setup.Intended);
    }

    [Fact]
    public void AProcessThatNeverAskedIsReportedAsOnPerThreadArenasAndWarned()
    {
        var decision = OneArenaRestart.Decide(_ => null, Pid, glibc: true, requested: false);

        Assert.False(decision.Restart);
        Assert.False(decision.Setup.OneArena);
        Assert.False(decision.Setup.Intended);
        Assert.Contains("NativeHeap.UseOneArena()", decision.Setup.Description);
    }

    [Fact]
    public void EveryArgumentOfTheCommandLineIsHandedOnWhole()
    {
        var commandLine = Encoding.UTF8.GetBytes("dotnet\0edgevision.dll\0--source\0a file ü.mp4\0\0last\0");

        var starts = OneArenaRestart.ArgumentStarts(commandLine).ToArray();

        Assert.Equal(["dotnet", "edgevision.dll", "--source", "a file ü.mp4", "", "last"], starts.Select(s => Encoding.UTF8.GetString(commandLine.AsSpan(s)).Split('\0')[0]));
    }

    [Fact]
    public void OnlyThisProcesssListeningSocketFilesAreRemovedBeforeTheExec()
    {
        string[] netUnix =
        [
            "0000000068243264: 00000002 00000000 00010000 0001 01 73514 /tmp/dotnet-diagnostic-18355-1217769-socket",
            "0000000068243265: 00000002 00000000 00010000 0001 01 99999 /tmp/dotnet-diagnostic-1-1-socket",
            "0000000068243266: 00000003 00000000 00000000 0001 03 73515 /tmp/connected.sock",
            "0000000068243267: 00000002 00000000 00010000 0001 01 73516 @abstract",
            "0000000068243268: 00000002 00000000 00010000 0001 01 73517",
        ];

        var paths = OneArenaRestart.ListeningSocketPaths(netUnix, new HashSet<string> { "73514", "73515", "73516", "73517" });

        Assert.Equal(["/tmp/dotnet-diagnostic-18355-1217769-socket"], paths);
    }

    private static OneArenaRestart.Decision Decide(Dictionary<string, string> environment) =>
        OneArenaRestart.Decide(name => environment.GetValueOrDefault(name), Pid, glibc: true, requested: true);
}

using EdgeVision.Startup;

namespace EdgeVision.Tests.Startup;

/// <summary>When a process restarts itself with the variables it needs at start, with which, and how it reports each one.</summary>
public sealed class StartEnvironmentTests
{
    private const int Pid = 4242;
    private const string OptOut = "EDGEVISION_TEST_START";

    private static readonly StartVariable Gen0 = new("DOTNET_GCgen0size", "0x400000") { Aliases = ["COMPlus_GCgen0size"] };
    private static readonly StartEnvironment OneArena = new(OptOut, StartVariable.OneGlibcArena);
    private static readonly StartEnvironment Both = new(OptOut, Gen0, StartVariable.OneGlibcArena);

    [Fact]
    public void AProcessThatAsksWithoutTheVariablesRestartsWithAllOfThem()
    {
        var decision = Decide(Both, []);

        Assert.True(decision.Restart);
        Assert.Null(decision.Error);
        Assert.All(decision.Outcome.Settings, s => Assert.Equal(SettingSource.Restart, s.Source));
        Assert.All(decision.Outcome.Settings, s => Assert.True(s.InForce));
    }

    [Fact]
    public void AVariableTheOperatorSetIsKeptAndOnlyTheMissingOneIsAdded()
    {
        var decision = Decide(Both, new() { ["DOTNET_GCgen0size"] = "0x4000000" });

        Assert.True(decision.Restart);
        Assert.Equal(new StartSetting(Gen0, SettingSource.Environment, "0x4000000", "DOTNET_GCgen0size"), decision.Outcome["DOTNET_GCgen0size"]);
        Assert.Equal(SettingSource.Restart, decision.Outcome["MALLOC_ARENA_MAX"].Source);
        Assert.Equal("DOTNET_GCgen0size=0x4000000 (from the environment), MALLOC_ARENA_MAX=1 (set at start: the process restarted itself with it)",
            decision.Outcome.Description);
    }

    [Fact]
    public void WhenTheEnvironmentSetsEveryVariableNothingRestarts()
    {
        var decision = Decide(Both, new() { ["COMPlus_GCgen0size"] = "0x800000", ["MALLOC_ARENA_MAX"] = "4" });

        Assert.False(decision.Restart);
        Assert.Equal("COMPlus_GCgen0size=0x800000 (from the environment), MALLOC_ARENA_MAX=4 (from the environment)", decision.Outcome.Description);
        Assert.All(decision.Outcome.Settings, s => Assert.True(s.Chosen));
        Assert.False(decision.Outcome.Missed);
    }

    [Fact]
    public void TheRestartedImageReportsWhatItAddedAndNeverRestartsAgain()
    {
        var decision = Decide(Both, new()
        {
            ["DOTNET_GCgen0size"] = "0x4000000",
            ["MALLOC_ARENA_MAX"] = "1",
            [StartEnvironment.GuardVariable] = "4242:MALLOC_ARENA_MAX",
        });

        Assert.False(decision.Restart);
        Assert.True(decision.Restarted);
        Assert.Equal(SettingSource.Environment, decision.Outcome["DOTNET_GCgen0size"].Source);
        Assert.Equal(SettingSource.Restart, decision.Outcome["MALLOC_ARENA_MAX"].Source);
        Assert.Contains("restarted itself", decision.Outcome["MALLOC_ARENA_MAX"].Description);
    }

    [Fact]
    public void ARestartThatArrivesWithoutItsVariableIsReportedAsMissedAndDoesNotRestartAgain()
    {
        var decision = Decide(OneArena, new() { [StartEnvironment.GuardVariable] = "4242:MALLOC_ARENA_MAX" });

        Assert.False(decision.Restart);
        Assert.Equal(SettingSource.Lost, decision.Outcome["MALLOC_ARENA_MAX"].Source);
        Assert.False(decision.Outcome["MALLOC_ARENA_MAX"].InForce);
        Assert.True(decision.Outcome.Missed);
    }

    [Fact]
    public void AGuardInheritedFromAnotherProcessDoesNotStopTheRestart()
    {
        Assert.True(Decide(OneArena, new() { [StartEnvironment.GuardVariable] = "17:MALLOC_ARENA_MAX" }).Restart);
    }

    [Theory]
    [InlineData("MALLOC_ARENA_MAX", "1", true)]
    [InlineData("MALLOC_ARENA_MAX", "4", false)]
    [InlineData("GLIBC_TUNABLES", "glibc.malloc.trim_threshold=1:glibc.malloc.arena_max=1", true)]
    [InlineData("GLIBC_TUNABLES", "glibc.malloc.arena_max=2", false)]
    public void AnArenaCountFromTheEnvironmentWinsWithoutARestart(string name, string value, bool one)
    {
        var decision = Decide(OneArena, new() { [name] = value });

        Assert.False(decision.Restart);
        Assert.Equal(one, decision.Outcome["MALLOC_ARENA_MAX"].InForce);
        Assert.Equal(SettingSource.Environment, decision.Outcome["MALLOC_ARENA_MAX"].Source);
        Assert.StartsWith(name, decision.Outcome["MALLOC_ARENA_MAX"].Description, StringComparison.Ordinal);
    }

    [Fact]
    public void ZeroOptsOutOfWhatTheEnvironmentLacksAndKeepsWhatItSets()
    {
        var decision = Decide(Both, new() { [OptOut] = "0", ["MALLOC_ARENA_MAX"] = "1" });

        Assert.False(decision.Restart);
        Assert.Equal(SettingSource.OptedOut, decision.Outcome["DOTNET_GCgen0size"].Source);
        Assert.Equal(SettingSource.Environment, decision.Outcome["MALLOC_ARENA_MAX"].Source);
        Assert.Equal("DOTNET_GCgen0size not set (EDGEVISION_TEST_START=0), MALLOC_ARENA_MAX=1 (from the environment)", decision.Outcome.Description);
        Assert.False(decision.Outcome.Missed);
    }

    [Fact]
    public void AnInvalidOptOutValueIsAnErrorNamingTheVariable()
    {
        var decision = Decide(OneArena, new() { [OptOut] = "yes" });

        Assert.False(decision.Restart);
        Assert.Contains($"{OptOut} must be 0", decision.Error);
        Assert.Contains("'yes'", decision.Error);
    }

    [Fact]
    public void WithoutGlibcNothingRestartsAndNothingIsMissed()
    {
        var decision = Both.Decide(_ => null, Pid, glibc: false, requested: true);

        Assert.False(decision.Restart);
        Assert.All(decision.Outcome.Settings, s => Assert.Equal(SettingSource.NotLinuxGlibc, s.Source));
        Assert.False(decision.Outcome.Missed);
        Assert.Contains("not Linux with glibc", decision.Outcome.Description);
    }

    [Fact]
    public void AProcessThatNeverAskedIsReportedAsMissingTheVariables()
    {
        var decision = Both.Decide(name => name == "MALLOC_ARENA_MAX" ? "1" : null, Pid, glibc: true, requested: false);

        Assert.False(decision.Restart);
        Assert.Equal(SettingSource.NotRequested, decision.Outcome["DOTNET_GCgen0size"].Source);
        Assert.Equal(SettingSource.Environment, decision.Outcome["MALLOC_ARENA_MAX"].Source);
        Assert.True(decision.Outcome.Missed);
    }

    private static StartEnvironment.Decision Decide(StartEnvironment start, Dictionary<string, string> environment) =>
        start.Decide(name => environment.GetValueOrDefault(name), Pid, glibc: true, requested: true);
}

using EdgeVision.Inference.Runtime;
using EdgeVision.Startup;

namespace EdgeVision.Tests.Inference.Runtime;

/// <summary>What each way <c>MALLOC_ARENA_MAX</c> can stand means for CPU inference: one arena, and whether a session warns.</summary>
public sealed class OneArenaTests
{
    private static readonly StartVariable ArenaMax = StartVariable.OneGlibcArena;

    [Fact]
    public void TheInferenceExecutablesRestartWithOneArenaUnlessEdgevisionOneArenaIsZero()
    {
        Assert.Equal("EDGEVISION_ONE_ARENA", NativeHeap.OneArena.OptOutVariable);
        Assert.Equal([ArenaMax], NativeHeap.OneArena.Variables);
    }

    [Fact]
    public void TheRestartedImageRunsOnOneArena()
    {
        var setup = NativeHeap.Describe(new StartSetting(ArenaMax, SettingSource.Restart, "1"));

        Assert.True(setup.OneArena);
        Assert.True(setup.Intended);
        Assert.Contains("restarted itself", setup.Description);
    }

    [Theory]
    [InlineData("1", true)]
    [InlineData("4", false)]
    public void AnArenaCountFromTheEnvironmentIsIntended(string value, bool one)
    {
        var setup = NativeHeap.Describe(new StartSetting(ArenaMax, SettingSource.Environment, value, "MALLOC_ARENA_MAX"));

        Assert.Equal(one, setup.OneArena);
        Assert.True(setup.Intended);
    }

    [Fact]
    public void ZeroOptsOutAndKeepsThePerThreadArenasWithoutAWarning()
    {
        var setup = NativeHeap.Describe(new StartSetting(ArenaMax, SettingSource.OptedOut, Detail: "EDGEVISION_ONE_ARENA=0"));

        Assert.False(setup.OneArena);
        Assert.True(setup.Intended);
        Assert.Contains("EDGEVISION_ONE_ARENA=0", setup.Description);
    }

    [Fact]
    public void WithoutGlibcNothingWarns()
    {
        Assert.True(NativeHeap.Describe(new StartSetting(ArenaMax, SettingSource.NotLinuxGlibc)).Intended);
    }

    [Theory]
    [InlineData(SettingSource.Lost)]
    [InlineData(SettingSource.RestartFailed)]
    [InlineData(SettingSource.NotRequested)]
    public void PerThreadArenasNobodyChoseAreWarned(SettingSource source)
    {
        var setup = NativeHeap.Describe(new StartSetting(ArenaMax, source, Detail: "execve: Permission denied (errno 13)"));

        Assert.False(setup.OneArena);
        Assert.False(setup.Intended);
        Assert.Contains("per-thread arenas", setup.Description);
    }

    [Fact]
    public void AProcessThatNeverAskedIsToldWhatToCall()
    {
        Assert.Contains("NativeHeap.UseOneArena()", NativeHeap.Describe(new StartSetting(ArenaMax, SettingSource.NotRequested)).Description);
    }
}

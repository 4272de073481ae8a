using EdgeVision.Cli;
using EdgeVision.Cli.Doctor;

namespace EdgeVision.Tests.Cli.Doctor;

public sealed class DoctorCommandTests
{
    [Fact]
    public async Task PassesOnThisMachineStartedWithoutAnyHeapVariable()
    {
        var (exit, output, error) = await EdgeVisionProcess.RunAsync(["doctor"]);

        Assert.True(exit == 0, output + error);
        Assert.Contains("ok    libtorch", output);
        Assert.Contains("ok    opencv", output);
        Assert.Contains("ok    heap       a 128 MiB block freed on a new thread stays in the heap", output);
        Assert.Contains("All checks passed.", output);
    }

    [Fact]
    public async Task OptingOutOfOneArenaFailsTheHeapCheckAndSaysHowToFixIt()
    {
        var (exit, output, _) = await EdgeVisionProcess.RunAsync(["doctor"], new Dictionary<string, string> { ["EDGEVISION_ONE_ARENA"] = "0" });

        Assert.Equal(1, exit);
        Assert.Contains("FAIL  heap       a 128 MiB block freed on a new thread is mapped on its own and unmapped on free", output);
        Assert.Contains("EDGEVISION_ONE_ARENA=0", output);
        Assert.Contains("fix: let edgevision restart itself with MALLOC_ARENA_MAX=1 at start", output);
    }

    [Fact]
    public async Task AnInvalidOneArenaValueStopsAtStartNamingTheVariable()
    {
        var (exit, output, error) = await EdgeVisionProcess.RunAsync(["doctor"], new Dictionary<string, string> { ["EDGEVISION_ONE_ARENA"] = "yes" });

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.StartsWith("Invalid configuration: EDGEVISION_ONE_ARENA must be 0", error);
    }

    [Fact]
    public void FailingCheckExitsNonZeroAndSaysHowToFixIt()
    {
        var output = new StringWriter();
        MachineCheck[] checks =
        [
            new("good", "nothing", () => new CheckResult(true, "fine")),
            new("broken", "install the thing", () => throw new DllNotFoundException("libthing.so: cannot open shared object file\nmore trace")),
        ];

        var exitCode = DoctorCommand.Run(output, checks);

        Assert.Equal(1, exitCode);
        Assert.Contains("FAIL  broken     DllNotFoundException: libthing.so: cannot open shared object file", output.ToString());
        Assert.DoesNotContain("more trace", output.ToString());
        Assert.Contains("fix: install the thing", output.ToString());
        Assert.Contains("1 check(s) failed.", output.ToString());
    }

    [Fact]
    public async Task UnknownCommandIsAnErrorWithUsage()
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var parse = EdgeVisionCommand.Create().Parse(["frobnicate"]);
        parse.InvocationConfiguration.Output = output;
        parse.InvocationConfiguration.Error = error;

        var exitCode = await parse.InvokeAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.NotEqual(0, exitCode);
        Assert.Contains("frobnicate", error.ToString());
    }
}

namespace EdgeVision.Tests.Cli;

/// <summary>
/// <c>edgevision</c> started without <c>MALLOC_ARENA_MAX</c> restarts itself with it before it does anything; what a
/// user gave it (arguments, standard streams) and what it returns come through unchanged. The live process tests
/// cover signals to the restarted process.
/// </summary>
public sealed class OneArenaRestartProcessTests
{
    [Fact]
    public async Task ArgumentsAndTheExitCodeComeThroughTheRestartUnchanged()
    {
        const string Missing = "/nonexistent dir/ünï €\tx.ckpt";

        var (exit, output, error) = await EdgeVisionProcess.RunAsync(["evaluate", "--model", "conv3d", "--weights", Missing]);

        Assert.Equal(2, exit);
        Assert.Equal("", output);
        Assert.Equal($"error: Checkpoint not found: {Missing}", error.TrimEnd('\n'));
    }
}

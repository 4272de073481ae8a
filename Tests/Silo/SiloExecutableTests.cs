using EdgeVision.Testing;
using Microsoft.Extensions.Hosting;

namespace EdgeVision.Tests.Silo;

/// <summary>The silo executable itself (EdgeVision.Silo.dll) run as a process with invalid configuration: it stops at start, naming the keys.</summary>
[Trait("Category", "EndToEnd")]
public sealed class SiloExecutableTests
{
    private static readonly TimeSpan ProcessStartPatience = TimeSpan.FromSeconds(120);

    [Theory]
    [InlineData("Silo:Cluster:Mode", "Redis", "Invalid configuration: Silo:Cluster:RedisConnectionString is required when Silo:Cluster:Mode is Redis")]
    [InlineData("Silo:Cluster:Mod", "Redis", "Invalid configuration: Silo:Cluster:Mod is not a setting: did you mean Silo:Cluster:Mode?")]
    [InlineData("Inference:MaxBatchSize", "2", "Invalid configuration: Inference:MaxBatchSize has moved to Silo:Inference:MaxBatchSize.")]
    // The tests' libtorch is the CPU build, which never sees a CUDA device.
    [InlineData("Silo:Cluster:InferenceDevice", "cuda", "Invalid configuration: Silo:Cluster:InferenceDevice is cuda, but libtorch sees no CUDA device")]
    [InlineData("Silo:Cameras:Models:dock", "conv3d", "Invalid configuration: Silo:Cameras:Models:dock must be a camera ({site}/{camera}) or every camera of a site ({site}/*)")]
    [InlineData("Silo:Cameras:Models:dock/gate", "x3d", "Invalid configuration: Silo:Cameras:Models:dock/gate names model 'x3d', which this silo does not serve (it serves conv3d,")]
    public async Task AnInvalidSettingEndsTheSiloWithExitCode2AndTheKeyOnStandardError(string key, string value, string message)
    {
        await using var silo = MultiProcessSilo.Start("silo", new Dictionary<string, string> { [key] = value }, MultiProcessCluster.Echo);

        var (exitCode, log) = await silo.ExitAsync(ProcessStartPatience, TestContext.Current.CancellationToken);

        Assert.Equal(HostRunExtensions.InvalidConfigurationExitCode, exitCode);
        Assert.Contains(message, log, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InvalidSettingsInSeveralSectionsEndTheSiloWithExitCode2AndEveryKeyOnStandardError()
    {
        await using var silo = MultiProcessSilo.Start("silo", new Dictionary<string, string>
        {
            ["Silo:Mqtt:Port"] = "0",
            ["Silo:Inference:MaxBatchSize"] = "0",
            ["Silo:Cameras:TopK"] = "0",
        });

        var (exitCode, log) = await silo.ExitAsync(ProcessStartPatience, TestContext.Current.CancellationToken);

        Assert.Equal(HostRunExtensions.InvalidConfigurationExitCode, exitCode);
        Assert.Contains("Silo:Mqtt:Port must be between 1 and 65535 (was 0).", log, StringComparison.Ordinal);
        Assert.Contains("Silo:Inference:MaxBatchSize must be between 1 and 256 (was 0).", log, StringComparison.Ordinal);
        Assert.Contains("Silo:Cameras:TopK must be between 1 and 100 (was 0).", log, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
    }
}

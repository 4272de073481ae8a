using EdgeVision.Silo.Clustering;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.Silo.Clustering;

/// <summary>A silo told to use CUDA where libtorch sees none stops at start naming the key; any other combination starts.</summary>
public sealed class InferenceDeviceCheckTests
{
    [Fact]
    public async Task ASiloToldToUseCudaWhereThereIsNoneStopsNamingTheKey()
    {
        var check = new InferenceDeviceCheck(Options.Create(new SiloClusterOptions { InferenceDevice = "cuda" }), () => false);

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => check.StartAsync(TestContext.Current.CancellationToken));

        Assert.StartsWith("Silo:Cluster:InferenceDevice is cuda, but libtorch sees no CUDA device", Assert.Single(error.Failures), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("cuda", true, true)]
    [InlineData("auto", false, true)]
    [InlineData("cpu", false, true)]
    [InlineData("cuda", false, false)]
    public async Task OtherwiseTheSiloStarts(string device, bool cudaAvailable, bool hostsInference)
    {
        var check = new InferenceDeviceCheck(
            Options.Create(new SiloClusterOptions { InferenceDevice = device, HostsInference = hostsInference }), () => cudaAvailable);

        await check.StartAsync(TestContext.Current.CancellationToken);
    }
}

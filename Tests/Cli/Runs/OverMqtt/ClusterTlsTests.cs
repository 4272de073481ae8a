using System.Globalization;
using EdgeVision.Cli.Runs.OverMqtt;
using EdgeVision.Tests.Mqtt;

namespace EdgeVision.Tests.Cli.Runs.OverMqtt;

/// <summary><c>--cluster --tls</c> against mosquitto with a certificate from a private CA made in the test (no silo behind it).</summary>
[Trait("Category", "EndToEnd")]
public sealed class ClusterTlsTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgevision-cli-tls-");
    private readonly TestCertificateAuthority _ca = new();

    [Fact]
    public async Task PublishesAndSubscribesOverTlsTrustingTheCaFile()
    {
        await using var mosquitto = await _ca.StartMosquittoAsync();
        var report = Path.Combine(_folder.FullName, "tls.json");

        var (exit, output, error) = await BenchmarkTestKit.RunAsync("benchmark", "--cluster", "--tls", "--ca-file", _ca.CertificatePath,
            "--broker", $"127.0.0.1:{mosquitto.Port.ToString(CultureInfo.InvariantCulture)}", "--camera", "cli-tls", "--source", "synthetic",
            "--max-frames", "16", "--result-timeout", "0.5", "--output", report, "--quiet");

        Assert.True(exit == 0, output + error);
        var cluster = BenchmarkTestKit.ReadJson(report).GetProperty("cluster");
        Assert.True(cluster.GetProperty("tls").GetBoolean());
        Assert.Equal(2, cluster.GetProperty("published").GetInt64());
    }

    [Fact]
    public async Task ABrokerCertificateFromAnotherCaEndsTheRunNamingTheCaFile()
    {
        using var other = new TestCertificateAuthority("other");
        await using var mosquitto = await _ca.StartMosquittoAsync();

        var (exit, _, error) = await BenchmarkTestKit.RunAsync("benchmark", "--cluster", "--tls", "--ca-file", other.CertificatePath,
            "--broker", $"127.0.0.1:{mosquitto.Port.ToString(CultureInfo.InvariantCulture)}", "--source", "synthetic", "--max-frames", "8");

        Assert.Equal(BrokerUnavailableException.ExitCode, exit);
        Assert.Contains($"is not signed by the CA in {other.CertificatePath}", error, StringComparison.Ordinal);
        Assert.Contains("check --ca-file.", error, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _ca.Dispose();
        _folder.Delete(recursive: true);
    }
}

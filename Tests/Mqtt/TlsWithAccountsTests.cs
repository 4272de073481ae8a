using EdgeVision.Tests.Broker;
using EdgeVision.Tests.Dashboard;
using EdgeVision.Tests.Fixtures;
using EdgeVision.Tests.Silo;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace EdgeVision.Tests.Mqtt;

/// <summary>
/// The whole MQTT path as a secured deployment runs it, on both brokers: Debian's mosquitto with a TLS listener whose
/// certificate a private CA made here signed, a password file and the shipped ACL (k8s/base/mosquitto.acl), or the embedded
/// broker serving TLS only with such a certificate and one account per role; the edge's publisher, the silo's ingestion
/// and result publishing and the Dashboard each trust that CA and log in with their own account.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class TlsWithAccountsTests : IDisposable
{
    private const int Sequences = 3;

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;
    private readonly TestCertificateAuthority _ca = new();

    [Theory]
    [InlineData(AclBroker.Mosquitto)]
    [InlineData(AclBroker.Embedded)]
    public async Task EdgeSiloAndDashboardLogInOverTlsUnderTheAclAndEverySequenceGetsItsResult(string brokerName)
    {
        await using var broker = await AclBroker.StartAsync(brokerName, _cancellation, _ca);
        await using var silos = await SiloTestCluster.StartAsync(broker.Port, settings: Secured("Silo:Mqtt", "silo", new()
        {
            ["Silo:Inference:TargetLatencyMs"] = "20000",
            ["Silo:Inference:MaxLatencyMs"] = "30000",
        }));
        await using var dashboard = await DashboardHost.StartAsync(Secured("Dashboard:Mqtt", "dashboard", DashboardHost.Settings(broker.Port)), _cancellation);
        await using var edges = new AccountedEdges(AclRules.Site, [AclRules.Camera], broker.Port, TimeSpan.FromSeconds(60), "tls", connection: options =>
        {
            options.UseTls = true;
            options.CaCertificatePath = _ca.CertificatePath;
            options.Username = AclRules.Camera;
            options.Password = AclRules.Password;
        });
        await edges.WhenReadyAsync(_cancellation);
        await silos.WaitForIngestionAsync(0, entry => entry.Status == HealthStatus.Healthy, ResultRecorder.Timeout, _cancellation);
        await dashboard.WaitForAsync(DashboardHost.Connected, _cancellation);

        for (var n = 0; n < Sequences; n++)
        {
            await edges.PublishAsync(TestSequences.Create(AclRules.Site, AclRules.Camera, n, DateTimeOffset.UtcNow), _cancellation);
        }

        // The edge hears each result on its own results topic, which its account may read.
        await edges.WhenSettledAsync(ResultRecorder.Timeout, _cancellation);
        Assert.Equal(new Dictionary<string, long> { ["result"] = Sequences }, edges.Outcomes());
        Assert.Equal(0, edges.Republished);
        // The Dashboard, on the subscriber account, shows every one of them.
        var snapshot = await dashboard.WaitForAsync(s => DashboardHost.Camera(s, AclRules.Camera)?.GetProperty("resultCount").GetInt64() == Sequences, _cancellation);
        Assert.True(DashboardHost.Connected(snapshot));
    }

    public void Dispose() => _ca.Dispose();

    /// <summary><paramref name="settings"/> with TLS to the test's CA and <paramref name="username"/>'s account under <paramref name="section"/>.</summary>
    private Dictionary<string, string?> Secured(string section, string username, Dictionary<string, string?> settings)
    {
        settings[$"{section}:UseTls"] = "true";
        settings[$"{section}:CaCertificatePath"] = _ca.CertificatePath;
        settings[$"{section}:Username"] = username;
        settings[$"{section}:Password"] = AclRules.Password;
        return settings;
    }
}

using System.Globalization;
using EdgeVision.Broker;
using EdgeVision.Testing;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.Hosting;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// The silo executable against Debian's redis-server with <c>requirepass</c>: the password travels in
/// <c>Silo:Cluster:RedisConnectionString</c> (here, as in Kubernetes, an environment variable, as its MQTT account does)
/// to Orleans' Redis membership and the camera grains' Redis storage; without it the silo stops at start, naming that key.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class RedisPasswordTests
{
    private const string Password = "redis-test-5f1c";
    private const string ClusterId = "redis-auth";
    private static readonly TimeSpan ProcessPatience = TimeSpan.FromSeconds(180);
    private static readonly BrokerUser SiloAccount = new() { Username = "silo", Password = "mqtt-silo-9d2e", Role = BrokerRole.Silo };
    private static readonly BrokerUser Admin = new() { Username = "admin", Password = "mqtt-admin-3a7b", Role = BrokerRole.Admin };

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ASiloJoinsARedisThatRequiresAPasswordWithThePasswordInItsConnectionString()
    {
        await using var redis = await RedisServer.StartAsync(_cancellation, Password);
        await using var broker = await InProcessBroker.StartAsync(users: [SiloAccount, Admin], cancellationToken: _cancellation);
        var siloPort = FreePort();
        var settings = Settings(redis.ConnectionString, broker.Port, siloPort);
        settings["Silo:Mqtt:Username"] = SiloAccount.Username;
        settings["Silo:Mqtt:Password"] = SiloAccount.Password;
        await using var silo = MultiProcessSilo.Start("silo", settings);
        await silo.WaitUntilReadyAsync(ProcessPatience, _cancellation);
        await using var results = await ResultRecorder.StartAsync(await broker.ConnectAsync(Admin.Username, Admin.Password, cancellationToken: _cancellation), _cancellation);
        await using var publisher = new SequencePublisher(await broker.ConnectAsync(Admin.Username, Admin.Password, cancellationToken: _cancellation));

        // A camera grain keeps its pending record in Redis (CameraStorage Auto is Redis here): a result needs that write.
        await publisher.PublishAsync(TestSequences.Create("site-r", "cam-r", 0, DateTimeOffset.UtcNow), _cancellation);
        await results.WaitUntilAsync(all => all.Any(r => r.Camera == "cam-r"), _cancellation);

        var members = await MultiProcessMembership.ReadAsync(redis.ConnectionString, ClusterId, ClusterId);
        var member = Assert.Single(members);
        Assert.Equal(MultiProcessMembership.Active, member.Status);
        // Orleans keys the row by the silo address, S{ip}:{port}:{generation}.
        Assert.StartsWith($"S127.0.0.1:{siloPort.ToString(CultureInfo.InvariantCulture)}:", member.Address, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, "NOAUTH")]
    [InlineData("wrong-password", "WRONGPASS")]
    public async Task ASiloWithoutTheRightPasswordStopsAtStartNamingTheConnectionStringKey(string? password, string redisSays)
    {
        await using var redis = await RedisServer.StartAsync(_cancellation, Password);
        var connection = password is null ? redis.Address : $"{redis.Address},password={password}";
        await using var silo = MultiProcessSilo.Start("silo", Settings(connection, mqttPort: FreePort(), FreePort()));

        var (exitCode, log) = await silo.ExitAsync(ProcessPatience, _cancellation);

        Assert.Equal(HostRunExtensions.InvalidConfigurationExitCode, exitCode);
        var explained = password is null
            ? $"Invalid configuration: Silo:Cluster:RedisConnectionString has no password, and Redis at {redis.Address} asks for one ("
            : $"Invalid configuration: Silo:Cluster:RedisConnectionString has a password that Redis at {redis.Address} refuses (";
        Assert.Contains(explained, log, StringComparison.Ordinal);
        Assert.Contains(redisSays, log, StringComparison.Ordinal);
        Assert.DoesNotContain("Unhandled exception", log, StringComparison.Ordinal);
        Assert.DoesNotContain(password ?? Password, log, StringComparison.Ordinal);
    }

    private static Dictionary<string, string> Settings(string redis, int mqttPort, int siloPort) => new()
    {
        ["Silo:Cluster:Mode"] = "Redis",
        ["Silo:Cluster:RedisConnectionString"] = redis,
        ["Silo:Cluster:ServiceId"] = ClusterId,
        ["Silo:Cluster:ClusterId"] = ClusterId,
        ["Silo:Cluster:AdvertisedAddress"] = "127.0.0.1",
        ["Silo:Cluster:SiloPort"] = siloPort.ToString(CultureInfo.InvariantCulture),
        ["Silo:Cluster:GatewayPort"] = FreePort().ToString(CultureInfo.InvariantCulture),
        ["Silo:Cluster:InferenceDevice"] = "cpu",
        ["Silo:Mqtt:Host"] = "127.0.0.1",
        ["Silo:Mqtt:Port"] = mqttPort.ToString(CultureInfo.InvariantCulture),
        ["Silo:Mqtt:ReconnectMinDelaySeconds"] = "0.05",
        ["Silo:Mqtt:ReconnectMaxDelaySeconds"] = "0.5",
        ["Silo:Inference:TargetLatencyMs"] = "30000",
        ["Silo:Inference:MaxLatencyMs"] = "60000",
        ["DOTNET_gcServer"] = "0",
    };

    private static int FreePort() => LoopbackPort.Free();
}

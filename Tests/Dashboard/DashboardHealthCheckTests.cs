using EdgeVision.Dashboard;
using EdgeVision.Dashboard.Mqtt;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.Dashboard;

public sealed class DashboardHealthCheckTests
{
    private static readonly DateTimeOffset At = DashboardSamples.Epoch;

    private readonly BrokerConnectionState _state = new(Options.Create(new DashboardOptions { Mqtt = { Host = "broker.local", Port = 1884 } }));

    [Fact]
    public async Task IsDegradedBeforeTheFirstConnectionNamingTheBroker()
    {
        var result = await Check();

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("broker.local:1884", result.Description, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IsDegradedWithTheLastErrorAfterAFailedAttempt()
    {
        _state.Connected(At, Granted("results", "status", "control"));
        _state.Lost(At.AddSeconds(5), "connection reset");
        _state.Failed(At.AddSeconds(6), 1, "Connection refused", At.AddSeconds(7));

        var result = await Check();
        var snapshot = _state.Snapshot();

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("Connection refused", result.Description, StringComparison.Ordinal);
        Assert.Equal(At.AddSeconds(5), snapshot.Since);
        Assert.Equal(1, snapshot.FailedAttempts);
        Assert.Empty(snapshot.Subscriptions);
    }

    [Fact]
    public async Task IsHealthyWhenOnlyControlIsRefused()
    {
        _state.Connected(At, [.. Granted("results", "status"), new SubscriptionSnapshot("edgevision/+/+/control", false, "NotAuthorized")]);

        Assert.Equal(HealthStatus.Healthy, (await Check()).Status);
    }

    [Fact]
    public async Task IsDegradedWhenResultsAreRefused()
    {
        _state.Connected(At, [new SubscriptionSnapshot("edgevision/+/+/results", false, "NotAuthorized"), .. Granted("status")]);

        var result = await Check();

        Assert.Equal(HealthStatus.Degraded, result.Status);
        Assert.Contains("edgevision/+/+/results", result.Description, StringComparison.Ordinal);
    }

    private Task<HealthCheckResult> Check() =>
        new DashboardHealthCheck(_state).CheckHealthAsync(new HealthCheckContext(), TestContext.Current.CancellationToken);

    private static List<SubscriptionSnapshot> Granted(params string[] kinds) =>
        [.. kinds.Select(kind => new SubscriptionSnapshot($"edgevision/+/+/{kind}", true, "GrantedQoS1"))];
}

using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using EdgeVision.Broker;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Tests.Fixtures;

namespace EdgeVision.Tests.Dashboard;

/// <summary>The dashboard process against a real broker: what a publisher sends shows up on its page and JSON endpoint.</summary>
[Trait("Category", "EndToEnd")]
public sealed class DashboardEndToEndTests
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ShowsRetainedStatusResultsAndControlOnTheJsonEndpointAndThePage()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        using var publisher = await broker.ConnectAsync(cancellationToken: _cancellation);
        // Retained before the dashboard exists: it must still learn the camera is online.
        await publisher.PublishAsync(DashboardSamples.Status(CameraState.Online, DateTimeOffset.UtcNow, camera: "dock-3"), _cancellation);
        await using var dashboard = await DashboardHost.StartAsync(DashboardHost.Settings(broker.Port), _cancellation);
        await dashboard.WaitForAsync(s => DashboardHost.Camera(s, "dock-3") is { } c && c.GetProperty("state").GetString() == "online", _cancellation);

        var latencies = new[] { 100.0, 140, 180 };
        for (var i = 0; i < latencies.Length; i++)
        {
            await publisher.PublishAsync(DashboardSamples.Result(camera: "dock-3", sequence: i + 1, label: "move_left", endToEndMs: latencies[i], adaptive: new AdaptiveState(96, 96, 1, 4, 15),
                trueLabel: i == 1 ? "grow" : "move_left"), _cancellation);
        }

        await publisher.PublishAsync(DashboardSamples.Control(camera: "dock-3"), _cancellation);
        await publisher.PublishAsync(DashboardSamples.Report(LatencyCause.TransportBound, acting: false, DateTimeOffset.UtcNow, camera: "dock-3", expectedAccuracy: 0.984), _cancellation);
        var snapshot = await dashboard.WaitForAsync(
            s => DashboardHost.Camera(s, "dock-3") is { } c && c.GetProperty("resultCount").GetInt64() == 3 && c.GetProperty("lastControl").ValueKind == JsonValueKind.Object
                && c.GetProperty("latencyBound").ValueKind == JsonValueKind.Object,
            _cancellation);

        var camera = DashboardHost.Camera(snapshot, "dock-3")!.Value;
        Assert.True(DashboardHost.Connected(snapshot));
        Assert.Equal("site-a", camera.GetProperty("site").GetString());
        Assert.Equal("move_left", camera.GetProperty("latest").GetProperty("label").GetString());
        Assert.Equal(0.82, camera.GetProperty("latest").GetProperty("confidence").GetDouble());
        Assert.Equal(180, camera.GetProperty("latest").GetProperty("endToEndLatencyMs").GetDouble());
        Assert.Equal(96, camera.GetProperty("latest").GetProperty("adaptiveState").GetProperty("width").GetInt32());
        Assert.Equal(176, camera.GetProperty("latency").GetProperty("endToEndP95Ms").GetDouble(), 6);
        Assert.Equal("p95 over budget for 5 s", camera.GetProperty("lastControl").GetProperty("reason").GetString());
        Assert.Equal(3, snapshot.GetProperty("messages").GetProperty("results").GetInt64());
        Assert.Equal("move_left", camera.GetProperty("latest").GetProperty("trueLabel").GetString());
        Assert.Equal(2 / 3.0, camera.GetProperty("accuracy").GetProperty("totalTop1").GetDouble(), 6);
        Assert.Equal(3, camera.GetProperty("accuracy").GetProperty("recentSamples").GetInt32());

        var page = WebUtility.HtmlDecode(await dashboard.Client.GetStringAsync("/", _cancellation));
        Assert.Contains("data-camera=\"site-a/dock-3\"", page, StringComparison.Ordinal);
        Assert.Contains("move_left", page, StringComparison.Ordinal);
        Assert.Contains("96×96, skip 2, 10 fps", page, StringComparison.Ordinal);
        Assert.Equal("transport-bound", camera.GetProperty("latencyBound").GetProperty("name").GetString());
        Assert.Equal(0.984, camera.GetProperty("expectedAccuracy").GetDouble());
        Assert.Contains("transport-bound</strong> · reported, camera left alone", page, StringComparison.Ordinal);

        // The camera's charts, as its page fetches them: one entry per 5 s bucket, the target, the control message.
        var timeline = await dashboard.Client.GetFromJsonAsync<JsonElement>("/api/cameras/site-a/dock-3/timeline", _cancellation);
        Assert.Equal(120, timeline.GetProperty("time").GetArrayLength());
        Assert.Equal(120, timeline.GetProperty("endToEndP95Ms").GetArrayLength());
        Assert.Equal(180, timeline.GetProperty("endToEndMaxMs").EnumerateArray().Last(v => v.ValueKind == JsonValueKind.Number).GetDouble());
        Assert.Equal(100, timeline.GetProperty("targetLatencyMs").GetDouble());
        Assert.Equal(96, timeline.GetProperty("width")[119].GetInt32());
        Assert.Equal("96×96, skip 2, 10 fps", timeline.GetProperty("controls")[0].GetProperty("changes").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await dashboard.Client.GetAsync("/api/cameras/site-a/nowhere/timeline", _cancellation)).StatusCode);
        Assert.Contains("chart-latency", await dashboard.Client.GetStringAsync("/cameras/site-a/dock-3", _cancellation), StringComparison.Ordinal);
        Assert.Contains("98.4%", page, StringComparison.Ordinal);
        Assert.Contains("Accuracy, last 3", page, StringComparison.Ordinal);
        Assert.Contains("66.7%", page, StringComparison.Ordinal);
        var health = await dashboard.Client.GetStringAsync("/health", _cancellation);
        Assert.Equal("Healthy", health);
    }

    [Fact]
    public async Task CountsAMalformedResultAndKeepsShowingTheGoodOnes()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        using var publisher = await broker.ConnectAsync(cancellationToken: _cancellation);
        await using var dashboard = await DashboardHost.StartAsync(DashboardHost.Settings(broker.Port), _cancellation);
        await dashboard.WaitForAsync(DashboardHost.Connected, _cancellation);

        await publisher.PublishRawAsync("edgevision/site-a/cam-1/results", "{\"site\":"u8.ToArray(), _cancellation);
        await publisher.PublishAsync(DashboardSamples.Result(camera: "cam-1", label: "grow"), _cancellation);
        var snapshot = await dashboard.WaitForAsync(s => DashboardHost.Camera(s, "cam-1") is not null, _cancellation);

        Assert.Equal(1, snapshot.GetProperty("messages").GetProperty("rejected").GetInt64());
        Assert.Equal("malformed", snapshot.GetProperty("messages").GetProperty("lastRejection").GetProperty("reason").GetString());
        Assert.Equal("grow", DashboardHost.Camera(snapshot, "cam-1")!.Value.GetProperty("latest").GetProperty("label").GetString());
        var metrics = await dashboard.Client.GetStringAsync("/metrics", _cancellation);
        Assert.Contains("edgevision_dashboard_messages_rejected", metrics, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReconnectsAndResubscribesAfterTheBrokerRestarts()
    {
        var first = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        var port = first.Port;
        await using var dashboard = await DashboardHost.StartAsync(DashboardHost.Settings(port), _cancellation);
        await dashboard.WaitForAsync(DashboardHost.Connected, _cancellation);

        await first.DisposeAsync();
        var down = await dashboard.WaitForAsync(s => !DashboardHost.Connected(s), _cancellation);
        using (var response = await dashboard.Client.GetAsync("/health", _cancellation))
        {
            // Not ready while the broker is away (503), yet alive: nothing restarts a dashboard for a broker outage.
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.Equal("Degraded", await response.Content.ReadAsStringAsync(_cancellation));
        }

        using (var response = await dashboard.Client.GetAsync("/alive", _cancellation))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        await using var second = await InProcessBroker.StartAsync(
            settings: new Dictionary<string, string?> { ["Broker:Port"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture) },
            cancellationToken: _cancellation);
        await dashboard.WaitForAsync(DashboardHost.Connected, _cancellation);
        using var publisher = await second.ConnectAsync(cancellationToken: _cancellation);
        await publisher.PublishAsync(DashboardSamples.Result(camera: "after-restart"), _cancellation);

        await dashboard.WaitForAsync(s => DashboardHost.Camera(s, "after-restart") is not null, _cancellation);
        Assert.NotNull(down.GetProperty("broker").GetProperty("lastError").GetString());
    }

    [Fact]
    public async Task ConnectsWithASubscriberAccountThatReadsResultsStatusAndControl()
    {
        const string password = "secret";
        await using var broker = await InProcessBroker.StartAsync(
            users:
            [
                new BrokerUser { Username = "viewer", Password = password, Role = BrokerRole.Subscriber },
                new BrokerUser { Username = "silo", Password = password, Role = BrokerRole.Silo },
            ],
            cancellationToken: _cancellation);
        await using var dashboard = await DashboardHost.StartAsync(DashboardHost.Settings(broker.Port, "viewer", password), _cancellation);
        var connected = await dashboard.WaitForAsync(DashboardHost.Connected, _cancellation);
        using var silo = await broker.ConnectAsync("silo", password, cancellationToken: _cancellation);
        await silo.PublishAsync(DashboardSamples.Result(camera: "secured", label: "shrink"), _cancellation);

        await dashboard.WaitForAsync(s => DashboardHost.Camera(s, "secured") is not null, _cancellation);
        var subscriptions = connected.GetProperty("broker").GetProperty("subscriptions").EnumerateArray()
            .ToDictionary(s => s.GetProperty("filter").GetString()!, s => s.GetProperty("resultCode").GetString());
        Assert.Equal("GrantedQoS1", subscriptions["edgevision/+/+/results"]);
        Assert.Equal("GrantedQoS1", subscriptions["edgevision/+/+/status"]);
        Assert.Equal("GrantedQoS1", subscriptions["edgevision/+/+/control"]);
        Assert.Equal("GrantedQoS1", subscriptions["edgevision/+/+/latency"]);
        Assert.Equal("Healthy", await dashboard.Client.GetStringAsync("/health", _cancellation));
    }

    [Fact]
    public async Task ShowsTheBrokersRefusalWhenThePasswordIsWrong()
    {
        await using var broker = await InProcessBroker.StartAsync(
            users: [new BrokerUser { Username = "viewer", Password = "secret", Role = BrokerRole.Subscriber }],
            cancellationToken: _cancellation);
        await using var dashboard = await DashboardHost.StartAsync(DashboardHost.Settings(broker.Port, "viewer", "wrong"), _cancellation);

        var snapshot = await dashboard.WaitForAsync(s => s.GetProperty("broker").GetProperty("failedAttempts").GetInt32() >= 2, _cancellation);

        Assert.False(DashboardHost.Connected(snapshot));
        Assert.Contains("BadUserNameOrPassword", snapshot.GetProperty("broker").GetProperty("lastError").GetString(), StringComparison.Ordinal);
    }
}

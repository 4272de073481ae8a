using EdgeVision.Broker;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;

namespace EdgeVision.Tests.Dashboard;

/// <summary>
/// The page in a real browser: Debian's headless Chromium driven by Playwright (no browser download). The page is
/// loaded before anything is published, so the camera card can only appear through the page's live updates.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class DashboardBrowserTests
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ShowsACameraCardWithThePublishedPredictionInHeadlessChromium()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        using var publisher = await broker.ConnectAsync(cancellationToken: _cancellation);
        await using var dashboard = await DashboardHost.StartAsync(DashboardHost.Settings(broker.Port), _cancellation);
        await dashboard.WaitForAsync(DashboardHost.Connected, _cancellation);

        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(1360, 600);

        await page.GotoAsync(dashboard.BaseAddress.ToString());
        await Assertions.Expect(page.Locator(".empty")).ToContainTextAsync("No cameras yet");
        await Assertions.Expect(page.Locator("#broker-health")).ToContainTextAsync("connected since");

        await PublishScene(publisher);
        var card = page.Locator("article.card[data-camera='warehouse-1/dock-3']");
        await Assertions.Expect(card.Locator(".prediction-label")).ToHaveTextAsync("move_left", new() { Timeout = 15_000 });
        await Assertions.Expect(card.Locator(".badge")).ToHaveTextAsync("online");
        await Assertions.Expect(card.Locator(".control")).ToContainTextAsync("96×96, skip 2, 10 fps · queue-bound");
        await Assertions.Expect(card.Locator(".expected-accuracy")).ToHaveTextAsync("81.2%");
        await Assertions.Expect(card.Locator(".nominal")).ToHaveTextAsync("112×112 · skip 0");
        await Assertions.Expect(card.Locator(".parts")).ToContainTextAsync("queue 54 ms");
        await Assertions.Expect(page.Locator("article.card[data-camera='warehouse-1/gate-1'] .bound")).ToContainTextAsync("transport-bound · reported, camera left alone");
        // dock-3 films the synthetic scene (ground truth: six of seven predictions right); gate-1 is a camera without any.
        await Assertions.Expect(card.Locator(".accuracy")).ToContainTextAsync("85.7%");
        await Assertions.Expect(card.Locator(".truth")).ToContainTextAsync("move_left");
        await Assertions.Expect(page.Locator("article.card[data-camera='warehouse-1/gate-1'] .accuracy")).ToHaveCountAsync(0);
        await Assertions.Expect(page.Locator("article.card[data-camera='warehouse-1/lobby'] .badge")).ToHaveTextAsync("offline");
        await Assertions.Expect(page.Locator("article.card")).ToHaveCountAsync(3);

        var screenshot = DashboardBrowser.ScreenshotPath("EDGEVISION_DASHBOARD_SCREENSHOT", "dashboard.png");
        var png = await page.ScreenshotAsync(new PageScreenshotOptions { Path = screenshot, FullPage = true });
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.Empty(browser.ConsoleErrors);

        // The health row follows the broker, and the top bar says when the dashboard itself is gone.
        await broker.Services.GetRequiredService<MqttBrokerService>().StopAsync(_cancellation);
        await Assertions.Expect(page.Locator("#broker-health")).ToContainTextAsync("disconnected since", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("#broker-health.bad")).ToHaveCountAsync(1);
        await dashboard.DisposeAsync();
        await Assertions.Expect(page.Locator("#refresh-state")).ToContainTextAsync("dashboard unreachable", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator("main.frozen")).ToHaveCountAsync(1);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(AppContext.BaseDirectory, "dashboard-disconnected.png"), FullPage = true });
    }

    /// <summary>Three cameras: one busy with a control action and ground truth, one quiet, one whose agent went offline.</summary>
    private async Task PublishScene(MQTTnet.IMqttClient publisher)
    {
        var now = DateTimeOffset.UtcNow;
        await publisher.PublishAsync(new CameraStatus("warehouse-1", "dock-3", CameraState.Online, "1.4.0", now, Nominal: new NominalSettings(112, 112, 0)), _cancellation);
        await publisher.PublishAsync(new CameraStatus("warehouse-1", "gate-1", CameraState.Online, "1.4.0", now, Nominal: new NominalSettings(112, 112, 0)), _cancellation);
        await publisher.PublishAsync(new CameraStatus("warehouse-1", "lobby", CameraState.Offline, "1.3.2", now, "connection lost"), _cancellation);
        var latencies = new[] { 92.0, 110, 97, 131, 104, 188, 99 };
        for (var i = 0; i < latencies.Length; i++)
        {
            await publisher.PublishAsync(
                DashboardSamples.Result(camera: "dock-3", sequence: 1040 + i, label: "move_left", confidence: 0.86, endToEndMs: latencies[i], inferenceMs: latencies[i] * 0.35, adaptive: new AdaptiveState(96, 96, 2, 4, 10), site: "warehouse-1",
                    trueLabel: i == 2 ? "move_down" : "move_left") with { LatencyBreakdown = new LatencyBreakdown(4, 6, 2, 3, latencies[i] * 0.55, latencies[i] * 0.35, 2) },
                _cancellation);
            await publisher.PublishAsync(
                DashboardSamples.Result(camera: "gate-1", sequence: 310 + i, label: "rotate_clockwise", confidence: 0.64, endToEndMs: latencies[i] * 0.8, inferenceMs: 21, site: "warehouse-1"),
                _cancellation);
        }

        await publisher.PublishAsync(DashboardSamples.Control(camera: "dock-3", issuedAt: now) with
        {
            Site = "warehouse-1", ExpectedAccuracy = 0.812, Cause = LatencyCause.QueueBound,
        }, _cancellation);
        await publisher.PublishAsync(DashboardSamples.Report(LatencyCause.TransportBound, acting: false, now, camera: "gate-1", expectedAccuracy: 0.984) with { Site = "warehouse-1" }, _cancellation);
    }
}

using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Tests.Fixtures;
using Microsoft.Playwright;

namespace EdgeVision.Tests.Dashboard;

/// <summary>
/// A silo's drop notices at the Dashboard in headless Chromium: published through the broker while the camera's page and
/// the overview are open, they show in the drops chart by reason and mark the camera's card, without a reload.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class DashboardDropsBrowserTests
{
    private const string Site = "warehouse-1";
    private const string Camera = "dock-3";
    private const string SumOf = "(reason) => (window.edgeVisionCamera.drops.find(d => d.reason === reason)?.sequences ?? []).reduce((a, b) => a + b, 0)";
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChartsLiveDropNoticesByReasonAndMarksTheCameraOnTheOverview()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        using var publisher = await broker.ConnectAsync(cancellationToken: _cancellation);
        // One result only: the camera must not count as stalled while the test runs on a loaded machine.
        var settings = DashboardHost.Settings(broker.Port);
        settings["Dashboard:StaleAfterSeconds"] = "3600";
        await using var dashboard = await DashboardHost.StartAsync(settings, _cancellation);
        await dashboard.WaitForAsync(DashboardHost.Connected, _cancellation);
        await publisher.PublishAsync(new CameraStatus(Site, Camera, CameraState.Online, "1.4.0", DateTimeOffset.UtcNow), _cancellation);
        await publisher.PublishAsync(DashboardSamples.Report(LatencyCause.WithinTarget, acting: false, DateTimeOffset.UtcNow, camera: Camera) with { Site = Site, MaxLatencyMs = 250 }, _cancellation);
        await publisher.PublishAsync(DashboardSamples.Result(camera: Camera, site: Site, sequence: 1, endToEndMs: 140), _cancellation);
        await dashboard.WaitForAsync(s => DashboardHost.Camera(s, Camera) is { } c && c.GetProperty("resultCount").GetInt64() == 1, _cancellation);

        await using var browser = await DashboardBrowser.LaunchAsync();
        var overview = await browser.NewPageAsync(1280, 800);
        await overview.GotoAsync(dashboard.BaseAddress.ToString());
        var card = overview.Locator($"article.card[data-camera='{Site}/{Camera}']");
        await Assertions.Expect(card.Locator(".drops")).ToContainTextAsync("none yet");
        await Assertions.Expect(card.Locator(".drops-badge")).ToHaveCountAsync(0);
        await Assertions.Expect(card).ToHaveAttributeAsync("data-concern", "healthy");

        var page = await browser.NewPageAsync(1280, 900);
        await page.GotoAsync(new Uri(dashboard.BaseAddress, $"cameras/{Site}/{Camera}").ToString());
        await Assertions.Expect(page.Locator("#chart-drops canvas")).ToHaveCountAsync(1);
        await Assertions.Expect(page.Locator("#drops-note")).ToContainTextAsync("none in the window");
        // The maximum beside the target, from the latency report.
        await Assertions.Expect(page.Locator("#latency-note")).ToContainTextAsync("target 100 ms, maximum 250 ms");
        await Assertions.Expect(page.Locator("#chart-latency .u-legend")).ToContainTextAsync("maximum");
        await page.WaitForFunctionAsync("() => window.edgeVisionCamera.charts.latency.data[5].at(-1) === 250");

        for (var sequence = 2; sequence <= 4; sequence++)
        {
            await publisher.PublishAsync(DashboardSamples.Drop("stale", sequence, Camera, Site), _cancellation);
        }

        await page.WaitForFunctionAsync($"() => ({SumOf})('stale') === 3");
        await Assertions.Expect(page.Locator("#chart-drops .u-legend")).ToContainTextAsync("stale");
        await Assertions.Expect(page.Locator("#drops-note")).ToContainTextAsync("3 in the window");

        // A second reason joins the chart as its own series, stacked on the first.
        await publisher.PublishAsync(DashboardSamples.Drop("overload", 5, Camera, Site), _cancellation);
        await publisher.PublishAsync(DashboardSamples.Drop("overload", 6, Camera, Site), _cancellation);
        await page.WaitForFunctionAsync($"() => ({SumOf})('overload') === 2");
        await Assertions.Expect(page.Locator("#chart-drops .u-legend")).ToContainTextAsync("overload");
        Assert.Equal(["overload", "stale"], await page.EvaluateAsync<string[]>("() => window.edgeVisionCamera.charts.drops.series.slice(1).map(s => s.label)"));
        await Assertions.Expect(page.Locator("#chart-drops canvas")).ToHaveCountAsync(1);
        // The tallest bar is the sum of both reasons in the latest bucket or the one before (a bucket boundary may fall between).
        var stackTop = await page.EvaluateAsync<int>("() => window.edgeVisionCamera.charts.drops.data[1].slice(-2).reduce((a, b) => a + b, 0)");
        Assert.Equal(5, stackTop);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DashboardBrowser.ScreenshotPath("EDGEVISION_DASHBOARD_DROPS_SCREENSHOT", "dashboard-drops.png"), FullPage = true });

        // The overview's card says so at once, in its badge and its footer, and counts the camera as degraded.
        await Assertions.Expect(card.Locator(".drops-badge")).ToHaveTextAsync("5 dropped");
        await Assertions.Expect(card.Locator(".drops.drops-recent")).ToContainTextAsync("stale 3 · overload 2");
        await Assertions.Expect(card).ToHaveAttributeAsync("data-concern", "degraded");
        Assert.Empty(browser.ConsoleErrors);
    }
}

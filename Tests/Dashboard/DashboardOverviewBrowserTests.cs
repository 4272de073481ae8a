using System.Globalization;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Testing;
using Microsoft.Playwright;
using MQTTnet;

namespace EdgeVision.Tests.Dashboard;

/// <summary>
/// Fifty cameras on three sites publishing through mosquitto, two results a second each, while headless Chromium
/// shows the overview: trouble comes first, the filters work, and the page keeps up (its update time is measured).
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class DashboardOverviewBrowserTests
{
    private const int Cameras = 50;
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ShowsFiftyLiveCamerasTroubleFirstAndFiltersThemBySiteAndState()
    {
        await using var mosquitto = await MosquittoBroker.StartNewAsync(durableSessions: false, cancellationToken: _cancellation);
        var settings = DashboardHost.Settings(mosquitto.Port);
        settings["Dashboard:RefreshIntervalSeconds"] = "1";
        settings["Dashboard:StaleAfterSeconds"] = "2";
        await using var dashboard = await DashboardHost.StartAsync(settings, _cancellation);
        await dashboard.WaitForAsync(DashboardHost.Connected, _cancellation);
        using var publisher = new MqttClientFactory().CreateMqttClient();
        // 48 results every half second, each awaiting its acknowledgement: a busy test process must not fail on MQTTnet's 10 s default.
        await publisher.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", mosquitto.Port).WithClientId("fifty-cameras").WithTimeout(TimeSpan.FromSeconds(60)).Build(), _cancellation);
        await Announce(publisher);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_cancellation);
        var publishing = Publish(publisher, stop.Token);

        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(1360, 900);
        await page.GotoAsync(dashboard.BaseAddress.ToString());
        var cards = page.Locator("article.card");
        await Assertions.Expect(cards).ToHaveCountAsync(Cameras, new() { Timeout = 20_000 });

        // Trouble first: the offline cameras, then the stalled ones, then those over their target, then the healthy.
        await Assertions.Expect(cards.Nth(0)).ToHaveAttributeAsync("data-concern", "offline", new() { Timeout = 10_000 });
        await Assertions.Expect(cards.Nth(2)).ToHaveAttributeAsync("data-concern", "stalled", new() { Timeout = 10_000 });
        await Assertions.Expect(cards.Nth(4)).ToHaveAttributeAsync("data-concern", "degraded");
        await Assertions.Expect(cards.Nth(7)).ToHaveAttributeAsync("data-concern", "healthy");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DashboardBrowser.ScreenshotPath("EDGEVISION_DASHBOARD_OVERVIEW_SCREENSHOT", "dashboard-overview.png") });

        // Fifteen updates of the page while the fifty publish: fetch, swap and layout, as the page itself measures them.
        var before = await page.EvaluateAsync<int>("() => window.edgeVisionDashboard.updates");
        await page.WaitForFunctionAsync($"() => window.edgeVisionDashboard.updates >= {before + 15}", null, new() { Timeout = 60_000 });
        var times = (await page.EvaluateAsync<double[]>("() => window.edgeVisionDashboard.recentMs.slice(-15)")).Order().ToArray();
        var median = times[times.Length / 2];
        TestContext.Current.TestOutputHelper?.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"overview with {Cameras} cameras: {times.Length} updates, median {median:0} ms, max {times[^1]:0} ms (fetch, swap, layout)"));
        Assert.True(median < 3000, $"The overview took a median {median:0} ms to update (sanity bound 3 s): {string.Join(", ", times.Select(t => t.ToString("0", CultureInfo.InvariantCulture)))}.");

        await page.SelectOptionAsync("#filter-site", "site-b");
        await Assertions.Expect(cards).ToHaveCountAsync(20);
        Assert.All(await cards.EvaluateAllAsync<string[]>("cards => cards.map(c => c.dataset.camera)"), camera => Assert.StartsWith("site-b/", camera, StringComparison.Ordinal));
        await page.SelectOptionAsync("#filter-state", "trouble");
        await Assertions.Expect(cards).ToHaveCountAsync(3);
        Assert.Contains("site=site-b", page.Url, StringComparison.Ordinal);
        Assert.Contains("state=trouble", page.Url, StringComparison.Ordinal);
        await page.SelectOptionAsync("#filter-site", "");
        await page.SelectOptionAsync("#filter-state", "offline");
        await Assertions.Expect(cards).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#shown")).ToHaveTextAsync("2 of 50 cameras, trouble first");

        // A filtered view can be bookmarked: loading its address shows the same.
        await page.ReloadAsync();
        await Assertions.Expect(cards).ToHaveCountAsync(2);
        await Assertions.Expect(page.Locator("#filter-state")).ToHaveValueAsync("offline");

        await stop.CancelAsync();
        await publishing;
        Assert.Empty(browser.ConsoleErrors);
    }

    private static (string Site, string Camera) Id(int i) =>
        (i < 20 ? "site-a" : i < 40 ? "site-b" : "site-c", string.Create(CultureInfo.InvariantCulture, $"cam-{i:00}"));

    // Offline: cam-03 (site-a) and cam-27 (site-b). Online without results (stalled): cam-05 and cam-45.
    // Over target: cam-08, cam-31, cam-32. The rest are healthy.
    private static bool Offline(int i) => i is 3 or 27;

    private static bool Silent(int i) => i is 5 or 45;

    private async Task Announce(IMqttClient publisher)
    {
        for (var i = 0; i < Cameras; i++)
        {
            var (site, camera) = Id(i);
            await publisher.PublishAsync(
                new CameraStatus(site, camera, Offline(i) ? CameraState.Offline : CameraState.Online, "1.4.0", DateTimeOffset.UtcNow, Offline(i) ? "connection lost" : null, new NominalSettings(112, 112, 0)),
                _cancellation);
            var cause = i is 8 or 31 or 32 ? LatencyCause.TransportBound : LatencyCause.WithinTarget;
            var report = DashboardSamples.Report(cause, acting: false, DateTimeOffset.UtcNow, camera: camera) with { Site = site };
            await publisher.PublishAsync(cause == LatencyCause.WithinTarget ? report with { P95Ms = 85, Detail = "p95 85.0 ms within the 100 ms target" } : report, _cancellation);
        }
    }

    /// <summary>Every camera but the offline and silent ones: two results a second until stopped.</summary>
    private static async Task Publish(IMqttClient publisher, CancellationToken stop)
    {
        using var timer = new PeriodicTimer(TimeSpan.FromMilliseconds(500));
        var sequence = 0L;
        try
        {
            do
            {
                sequence++;
                for (var i = 0; i < Cameras; i++)
                {
                    if (Offline(i) || Silent(i))
                    {
                        continue;
                    }

                    var (site, camera) = Id(i);
                    var latency = 60 + ((i * 7) % 40) + (10 * Math.Sin(sequence * 0.5));
                    await publisher.PublishAsync(DashboardSamples.Result(camera: camera, sequence: sequence, label: i % 3 == 0 ? "move_left" : "rotate_clockwise", endToEndMs: latency, inferenceMs: latency * 0.4, site: site), stop);
                }
            }
            while (await timer.WaitForNextTickAsync(stop));
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
    }
}

using EdgeVision.Broker;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Tests.Fixtures;
using Microsoft.Playwright;

namespace EdgeVision.Tests.Dashboard;

/// <summary>
/// A camera's charts in headless Chromium: six minutes of results, the sequences a silo dropped while the camera was slow, a
/// control message that degrades the camera and one that restores it, laid in on a Dashboard clock the test moves forward; then
/// live results that the open page shows.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class DashboardChartsBrowserTests
{
    private const string Site = "warehouse-1";
    private const string Camera = "dock-3";
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task ChartsLatencyRateSettingsAndAccuracyWithEachControlMessageAndKeepsThemLive()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        using var publisher = await broker.ConnectAsync(cancellationToken: _cancellation);
        var clock = new ShiftedClock();
        await using var dashboard = await DashboardHost.StartAsync(DashboardHost.Settings(broker.Port), _cancellation, clock);
        await dashboard.WaitForAsync(DashboardHost.Connected, _cancellation);
        await PublishHistory(publisher, dashboard, clock);

        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(1280, 900);
        await page.GotoAsync(dashboard.BaseAddress.ToString());
        await page.Locator($"article.card[data-camera='{Site}/{Camera}'] h2 a").ClickAsync();
        await page.WaitForURLAsync($"**/cameras/{Site}/{Camera}");

        foreach (var chart in new[] { "latency", "rate", "drops", "settings", "accuracy" })
        {
            await Assertions.Expect(page.Locator($"#chart-{chart} canvas")).ToHaveCountAsync(1);
        }

        // The page names the model and version that served the camera's latest result, with its top labels.
        await Assertions.Expect(page.Locator("#serving-panel")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("#serving-model")).ToHaveTextAsync("conv3d");
        await Assertions.Expect(page.Locator("#serving-version")).ToHaveTextAsync("synthetic-v1");
        await Assertions.Expect(page.Locator("#serving-labels")).ToContainTextAsync("move_left 86%");
        await Assertions.Expect(page.Locator("#latency-note")).ToContainTextAsync("target 100 ms, maximum 200 ms");
        await Assertions.Expect(page.Locator("#chart-latency .u-legend")).ToContainTextAsync("p95");
        await Assertions.Expect(page.Locator("#chart-latency .u-legend")).ToContainTextAsync("maximum");
        Assert.Equal(new[] { 200.0 }, await page.EvaluateAsync<double[]>("() => [...new Set(window.edgeVisionCamera.charts.latency.data[5])]"));
        await Assertions.Expect(page.Locator("#chart-drops .u-legend")).ToContainTextAsync("stale");
        Assert.Equal(8, await page.EvaluateAsync<int>("() => window.edgeVisionCamera.drops.find(d => d.reason === 'stale').sequences.reduce((a, b) => a + b, 0)"));
        var decisions = page.Locator("#decisions tr");
        await Assertions.Expect(decisions).ToHaveCountAsync(2);
        await Assertions.Expect(decisions.First).ToContainTextAsync("within-target");
        await Assertions.Expect(decisions.Last).ToContainTextAsync("96×96, skip 2");
        await Assertions.Expect(decisions.Last).ToContainTextAsync("p95 180 ms over the 100 ms target for 10 s");

        // The settings step down at the first control message and back up at the second.
        var widths = await page.EvaluateAsync<int?[]>("() => window.edgeVisionCamera.charts.settings.data[1]");
        Assert.Equal([112, 96, 112], widths.OfType<int>().Aggregate(new List<int>(), (steps, w) => { if (steps.Count == 0 || steps[^1] != w) { steps.Add(w); } return steps; }));

        // Hovering the first control message's line says why it was sent.
        await page.Locator("#chart-settings").ScrollIntoViewIfNeededAsync();
        var marker = await page.EvaluateAsync<double[]>(
            "() => { const u = window.edgeVisionCamera.charts.settings; const c = window.edgeVisionCamera.controls[0]; const r = u.over.getBoundingClientRect(); return [r.left + u.valToPos(c.t, 'x'), r.top + r.height / 2]; }");
        await page.Mouse.MoveAsync((float)marker[0], (float)marker[1]);
        await Assertions.Expect(page.Locator("#chart-settings .control-tip")).ToContainTextAsync("queue-bound: p95 180 ms over the 100 ms target for 10 s");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DashboardBrowser.ScreenshotPath("EDGEVISION_DASHBOARD_CHARTS_SCREENSHOT", "dashboard-camera.png"), FullPage = true });

        // Live: a burst of slow results shows in the open page's latest bucket without a reload (or the one before it, when
        // a bucket boundary passed between the burst and the page's next fetch on a loaded machine).
        clock.Advance(TimeSpan.FromSeconds(5));
        for (var i = 0; i < 5; i++)
        {
            await publisher.PublishAsync(Result(9000 + i, 400, new AdaptiveState(112, 112, 0, 2, 15), "move_left"), _cancellation);
        }

        await page.WaitForFunctionAsync("() => { const d = window.edgeVisionCamera.charts.latency.data; return d[3].slice(-2).includes(400); }");
        Assert.Empty(browser.ConsoleErrors);
    }

    /// <summary>
    /// Six minutes in 5 s steps: within target at 112×112, then over target until a queue-bound control message takes
    /// the camera to 96×96 with frame skip 2, then a restoring message. Each step waits until the Dashboard has it.
    /// </summary>
    private async Task PublishHistory(MQTTnet.IMqttClient publisher, DashboardHost dashboard, ShiftedClock clock)
    {
        var nominal = new AdaptiveState(112, 112, 0, 4, 15);
        var degraded = new AdaptiveState(96, 96, 2, 8, 10);
        await publisher.PublishAsync(new CameraStatus(Site, Camera, CameraState.Online, "1.4.0", DateTimeOffset.UtcNow, Nominal: new NominalSettings(112, 112, 0)), _cancellation);
        await publisher.PublishAsync(DashboardSamples.Report(LatencyCause.WithinTarget, acting: false, DateTimeOffset.UtcNow, camera: Camera) with { Site = Site, MaxLatencyMs = 200 }, _cancellation);
        var sequence = 0L;
        for (var step = 0; step < 72; step++)
        {
            var settings = step is >= 24 and < 54 ? degraded : nominal;
            var slow = step is >= 16 and < 24;
            var results = settings == degraded ? 3 : 5;
            for (var i = 0; i < results; i++)
            {
                var latency = (slow ? 150 : 60) + (25 * Math.Sin((sequence + i) * 0.7)) + (slow ? i * 8 : i * 2);
                var truth = sequence % (settings == degraded ? 6 : 12) == 0 ? "move_down" : "move_left";
                await publisher.PublishAsync(Result(++sequence, latency, settings, truth), _cancellation);
            }

            if (slow)
            {
                // The slowest result of each slow step outlived its maximum at another sequence too: the silo dropped it.
                await publisher.PublishAsync(DashboardSamples.Drop("stale", ++sequence, Camera, Site), _cancellation);
            }

            if (step == 24)
            {
                await publisher.PublishAsync(new ControlMessage(Site, Camera, "p95 180 ms over the 100 ms target for 10 s", DateTimeOffset.UtcNow, 10, 2, 96, 96, 0.812, LatencyCause.QueueBound), _cancellation);
            }
            else if (step == 54)
            {
                await publisher.PublishAsync(new ControlMessage(Site, Camera, "p95 70 ms, headroom for 30 s", DateTimeOffset.UtcNow, 15, 0, 112, 112, 0.946, LatencyCause.WithinTarget), _cancellation);
            }

            var expected = sequence;
            var controls = step >= 54 ? 2 : step >= 24 ? 1 : 0;
            await dashboard.WaitForAsync(
                s => DashboardHost.Camera(s, Camera) is { } c && c.GetProperty("resultCount").GetInt64() + Dropped(c) == expected
                    && s.GetProperty("messages").GetProperty("controls").GetInt64() == controls,
                _cancellation);
            clock.Advance(TimeSpan.FromSeconds(5));
        }
    }

    private static long Dropped(System.Text.Json.JsonElement camera) =>
        camera.TryGetProperty("drops", out var drops) && drops.ValueKind == System.Text.Json.JsonValueKind.Object ? drops.GetProperty("total").GetInt64() : 0;

    private static InferenceResult Result(long sequence, double latencyMs, AdaptiveState settings, string truth) =>
        DashboardSamples.Result(camera: Camera, sequence: sequence, label: "move_left", confidence: 0.86, endToEndMs: latencyMs, inferenceMs: latencyMs * 0.35, adaptive: settings, site: Site, trueLabel: truth);
}

using System.Net;
using System.Text.RegularExpressions;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Tests.Fixtures;
using Microsoft.Playwright;

namespace EdgeVision.Tests.Dashboard;

/// <summary>
/// What each camera sees and the cluster, in headless Chromium: previews the edge publishes replace each other on the card and
/// on the camera page (the pixels are read back from the page), and the cluster page lists each silo with its cameras, the
/// trouble flagged.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class DashboardClusterBrowserTests
{
    private const string Site = "warehouse-1";
    private const string Camera = "dock-3";

    // The centre pixel of the preview as the page shows it, drawn onto a canvas (same origin, so readable).
    private const string CentrePixel = """
        async (selector) => {
          const img = document.querySelector(selector);
          await img.decode();
          const canvas = document.createElement("canvas");
          canvas.width = img.naturalWidth;
          canvas.height = img.naturalHeight;
          const context = canvas.getContext("2d");
          context.drawImage(img, 0, 0);
          return Array.from(context.getImageData(img.naturalWidth / 2, img.naturalHeight / 2, 1, 1).data.slice(0, 3));
        }
        """;

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task EachNewPreviewReplacesTheLastOnTheCardAndOnTheCameraPage()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        using var publisher = await broker.ConnectAsync(cancellationToken: _cancellation);
        await using var dashboard = await DashboardHost.StartAsync(DashboardHost.Settings(broker.Port), _cancellation);
        await dashboard.WaitForAsync(DashboardHost.Connected, _cancellation);
        await publisher.PublishAsync(new CameraStatus(Site, Camera, CameraState.Online, "1.4.0", DateTimeOffset.UtcNow), _cancellation);
        await publisher.PublishAsync(DashboardSamples.Result(camera: Camera, site: Site, label: "move_left"), _cancellation);

        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(1360, 700);
        await page.GotoAsync(dashboard.BaseAddress.ToString());
        var card = $"article.card[data-camera='{Site}/{Camera}']";
        await Assertions.Expect(page.Locator($"{card} .prediction-label")).ToHaveTextAsync("move_left", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator($"{card} img.preview")).ToHaveCountAsync(0);

        var first = await PublishPreviewAsync(publisher, dashboard, DashboardSamples.Jpeg(0, 0, 220));
        await Assertions.Expect(page.Locator($"{card} img.preview")).ToHaveAttributeAsync("src", Version(first), new() { Timeout = 15_000 });
        AssertColour([220, 0, 0], await page.EvaluateAsync<int[]>(CentrePixel, $"{card} img.preview"));

        var second = await PublishPreviewAsync(publisher, dashboard, DashboardSamples.Jpeg(220, 0, 0));
        await Assertions.Expect(page.Locator($"{card} img.preview")).ToHaveAttributeAsync("src", Version(second), new() { Timeout = 15_000 });
        AssertColour([0, 0, 220], await page.EvaluateAsync<int[]>(CentrePixel, $"{card} img.preview"));

        // The camera page shows the latest and follows the next one.
        await page.Locator($"{card} h2 a").ClickAsync();
        await page.WaitForURLAsync($"**/cameras/{Site}/{Camera}");
        await Assertions.Expect(page.Locator("#preview")).ToHaveAttributeAsync("src", Version(second), new() { Timeout = 15_000 });
        var third = await PublishPreviewAsync(publisher, dashboard, DashboardSamples.Jpeg(0, 200, 0));
        await Assertions.Expect(page.Locator("#preview")).ToHaveAttributeAsync("src", Version(third), new() { Timeout = 15_000 });
        AssertColour([0, 200, 0], await page.EvaluateAsync<int[]>(CentrePixel, "#preview"));
        Assert.Empty(browser.ConsoleErrors);
    }

    [Fact]
    public async Task APreviewIsServedFromMemoryCachedForGoodUnderItsVersionAndRevalidatedOtherwise()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        using var publisher = await broker.ConnectAsync(cancellationToken: _cancellation);
        await using var dashboard = await DashboardHost.StartAsync(DashboardHost.Settings(broker.Port), _cancellation);
        await dashboard.WaitForAsync(DashboardHost.Connected, _cancellation);
        var path = $"/cameras/{Site}/{Camera}/preview.jpg";
        using (var missing = await dashboard.Client.GetAsync(path, _cancellation))
        {
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        }

        var jpeg = DashboardSamples.Jpeg(0, 0, 220);
        var version = await PublishPreviewAsync(publisher, dashboard, jpeg);

        using var versioned = await dashboard.Client.GetAsync($"{path}?v={version}", _cancellation);
        Assert.Equal(HttpStatusCode.OK, versioned.StatusCode);
        Assert.Equal("image/jpeg", versioned.Content.Headers.ContentType?.MediaType);
        Assert.Equal(jpeg, await versioned.Content.ReadAsByteArrayAsync(_cancellation));
        Assert.True(versioned.Headers.CacheControl?.Private);
        Assert.Equal(TimeSpan.FromDays(365), versioned.Headers.CacheControl?.MaxAge);
        Assert.Equal($"\"{version}\"", versioned.Headers.ETag?.Tag);

        using var plain = await dashboard.Client.GetAsync(path, _cancellation);
        Assert.True(plain.Headers.CacheControl?.NoCache);
        using var revalidate = new HttpRequestMessage(HttpMethod.Get, path);
        revalidate.Headers.IfNoneMatch.Add(new System.Net.Http.Headers.EntityTagHeaderValue($"\"{version}\""));
        using var unchanged = await dashboard.Client.SendAsync(revalidate, _cancellation);
        Assert.Equal(HttpStatusCode.NotModified, unchanged.StatusCode);
    }

    [Fact]
    public async Task TheClusterPageListsEachSiloWithItsCamerasAndFlagsAnOfflineSiloAndAStalledCamera()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        using var publisher = await broker.ConnectAsync(cancellationToken: _cancellation);
        var settings = DashboardHost.Settings(broker.Port);
        settings["Dashboard:StaleAfterSeconds"] = "1";
        await using var dashboard = await DashboardHost.StartAsync(settings, _cancellation);
        await dashboard.WaitForAsync(DashboardHost.Connected, _cancellation);
        var now = DateTimeOffset.UtcNow;
        foreach (var camera in new[] { "dock-3", "gate-1", "lobby" })
        {
            await publisher.PublishAsync(DashboardSamples.Status(CameraState.Online, now, camera), _cancellation);
        }

        await publisher.PublishAsync(DashboardSamples.Result(camera: "dock-3", sequence: 1) with { CompletedAt = now }, _cancellation);
        // silo-a serves dock-3 (results arriving) and gate-1 (stalled at the silo: sequences and no result); silo-b went away.
        await publisher.PublishAsync(DashboardSamples.Silo("silo-a", now, "dock-3", "gate-1") with
        {
            Cameras = [new SiloCamera(DashboardSamples.Site, "dock-3", false, "conv3d", "synthetic-v1", now), new SiloCamera(DashboardSamples.Site, "gate-1", Stalled: true)],
            Health = SiloHealth.Degraded,
            HealthDetail = "silo-cameras: 1 camera(s) stalled",
            IntervalSeconds = 60,
        }, _cancellation);
        await publisher.PublishAsync(DashboardSamples.Silo("silo-b", now) with { State = SiloState.Offline, Reason = "connection lost", Address = "10.0.0.13:11111@7" }, _cancellation);

        await using var browser = await DashboardBrowser.LaunchAsync();
        var page = await browser.NewPageAsync(1360, 800);
        await page.GotoAsync(dashboard.BaseAddress.ToString());
        await page.Locator("#cluster-link").ClickAsync();
        await page.WaitForURLAsync("**/cluster");

        var siloA = page.Locator("article.silo[data-silo='silo-a']");
        var siloB = page.Locator("article.silo[data-silo='silo-b']");
        await Assertions.Expect(siloA).ToHaveAttributeAsync("data-concern", "degraded", new() { Timeout = 15_000 });
        await Assertions.Expect(siloA.Locator(".batch-sizes")).ToHaveTextAsync("4: 12");
        await Assertions.Expect(siloA.Locator(".queue-depth")).ToHaveTextAsync("2");
        await Assertions.Expect(siloA.Locator(".models")).ToHaveTextAsync("conv3d synthetic-v1 (cpu)");
        await Assertions.Expect(siloA.Locator(".silo-health")).ToContainTextAsync("1 camera(s) stalled");
        await Assertions.Expect(siloA.Locator("tbody tr")).ToHaveCountAsync(2);
        await Assertions.Expect(siloA.Locator($"tr[data-camera='{DashboardSamples.Site}/gate-1'] .camera-state")).ToHaveTextAsync("stalled");
        await Assertions.Expect(siloA.Locator($"tr[data-camera='{DashboardSamples.Site}/dock-3']")).ToContainTextAsync("conv3d synthetic-v1");
        await Assertions.Expect(siloB).ToHaveAttributeAsync("data-concern", "offline");
        await Assertions.Expect(siloB.Locator(".badge")).ToHaveTextAsync("offline: connection lost");
        // Trouble first: the offline silo leads; lobby is online and no reporting silo serves it.
        await Assertions.Expect(page.Locator("article.silo").First).ToHaveAttributeAsync("data-silo", "silo-b");
        await Assertions.Expect(page.Locator(".unserved")).ToContainTextAsync($"{DashboardSamples.Site}/lobby");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = DashboardBrowser.ScreenshotPath("EDGEVISION_DASHBOARD_CLUSTER_SCREENSHOT", "dashboard-cluster.png"), FullPage = true });

        // The page is live: silo-a goes offline (its last will) and the page says so without a reload.
        await publisher.PublishAsync(DashboardSamples.Silo("silo-a", DateTimeOffset.UtcNow) with { State = SiloState.Offline, Reason = "connection lost", Cameras = [] }, _cancellation);
        await Assertions.Expect(siloA).ToHaveAttributeAsync("data-concern", "offline", new() { Timeout = 15_000 });
        await Assertions.Expect(page.Locator(".unserved")).ToContainTextAsync($"{DashboardSamples.Site}/dock-3");
        Assert.Empty(browser.ConsoleErrors);
    }

    /// <summary>Publishes a preview and waits for the Dashboard to hold it; its version.</summary>
    private async Task<long> PublishPreviewAsync(MQTTnet.IMqttClient publisher, DashboardHost dashboard, byte[] jpeg)
    {
        var before = Version(await dashboard.CamerasAsync(_cancellation));
        await publisher.PublishPreviewAsync(Site, Camera, jpeg, _cancellation);
        return Version(await dashboard.WaitForAsync(s => Version(s) is { } v && v != before, _cancellation))!.Value;
    }

    private static long? Version(System.Text.Json.JsonElement snapshot) =>
        DashboardHost.Camera(snapshot, Camera) is { } camera && camera.TryGetProperty("previewVersion", out var version) && version.ValueKind == System.Text.Json.JsonValueKind.Number
            ? version.GetInt64()
            : null;

    private static Regex Version(long version) => new($"/cameras/{Site}/{Camera}/preview\\.jpg\\?v={version}$");

    private static void AssertColour(int[] expected, int[] actual)
    {
        Assert.Equal(3, actual.Length);
        for (var i = 0; i < 3; i++)
        {
            Assert.InRange(actual[i], expected[i] - 12, expected[i] + 12);
        }
    }
}

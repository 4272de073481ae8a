using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Dashboard;
using EdgeVision.Dashboard.Mqtt;
using EdgeVision.Dashboard.Pages;
using EdgeVision.Dashboard.State;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Dashboard;

/// <summary>The overview lists trouble first and filters by site and state.</summary>
public sealed class OverviewTests : IDisposable
{
    private readonly FakeTimeProvider _time = new(DashboardSamples.Epoch);
    private readonly ServiceProvider _services = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private readonly CameraStore _store;
    private readonly DashboardSnapshotSource _source;

    public OverviewTests()
    {
        var options = Options.Create(new DashboardOptions { StaleAfterSeconds = 10 });
        _store = new CameraStore(options, _time, new DashboardInstruments(_services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
        _source = new DashboardSnapshotSource(_store, new BrokerConnectionState(options), new MessageStats(), _time);
        Scene();
    }

    [Fact]
    public void ListsOfflineThenStalledThenDegradedThenSilentCamerasBeforeHealthyOnes()
    {
        var overview = Overview.Of(_source.Take(), site: null, filter: null);

        Assert.Equal(
            ["b/offline", "a/stalled", "a/over-target", "b/below-nominal", "a/new", "a/fine", "b/fine"],
            overview.Shown.Select(c => $"{c.Site}/{c.Camera}"));
        Assert.Equal(["a", "b"], overview.Sites);
        Assert.Equal(Overview.All, overview.Filter);
    }

    [Theory]
    [InlineData(null, "trouble", "b/offline a/stalled a/over-target b/below-nominal a/new")]
    [InlineData("a", "trouble", "a/stalled a/over-target a/new")]
    [InlineData("b", null, "b/offline b/below-nominal b/fine")]
    [InlineData(null, "degraded", "a/over-target b/below-nominal")]
    [InlineData(null, "healthy", "a/fine b/fine")]
    [InlineData(null, "no-results", "a/new")]
    [InlineData("c", null, "")]
    public void ShowsOnlyTheCamerasOfTheChosenSiteAndState(string? site, string? filter, string expected)
    {
        var overview = Overview.Of(_source.Take(), site, filter);

        Assert.Equal(expected, string.Join(' ', overview.Shown.Select(c => $"{c.Site}/{c.Camera}")));
    }

    [Fact]
    public void TreatsAnUnknownStateFilterAsAll()
    {
        var overview = Overview.Of(_source.Take(), site: "", filter: "<script>");

        Assert.Equal((Overview.All, (string?)null, 7), (overview.Filter, overview.Site, overview.Shown.Count));
    }

    [Fact]
    public void ACameraWhoseSequencesWereDroppedInTheLastMinuteIsDegradedUntilAMinutePassesWithoutOne()
    {
        _store.TryApply(DashboardSamples.Drop("stale", camera: "fine", site: "b"));
        _store.TryApply(DashboardSamples.Drop("overload", sequence: 2, camera: "fine", site: "b"));
        _store.TryApply(DashboardSamples.Drop("stale", sequence: 3, camera: "fine", site: "b"));

        var dropping = Camera("b", "fine");
        Assert.Equal(CameraConcern.Degraded, Overview.ConcernOf(dropping));
        Assert.Equal((3, 3L, "stale"), (dropping.Drops!.Recent, dropping.Drops.Total, dropping.Drops.LastReason));
        Assert.Equal([new DropCount("stale", 2), new DropCount("overload", 1)], dropping.Drops.RecentByReason);
        Assert.Equal(["b/fine"], Overview.Of(_source.Take(), site: "b", filter: "degraded").Shown.Where(c => c.Drops is not null).Select(c => $"{c.Site}/{c.Camera}"));

        _time.Advance(TimeSpan.FromSeconds(CameraRecord.RecentDropsSeconds + 5));
        _store.TryApply(DashboardSamples.Result(camera: "fine", site: "b", sequence: 2));

        var calm = Camera("b", "fine");
        Assert.Equal(CameraConcern.Healthy, Overview.ConcernOf(calm));
        Assert.Equal((0, 3L), (calm.Drops!.Recent, calm.Drops.Total));
        Assert.Empty(calm.Drops.RecentByReason);
    }

    public void Dispose() => _services.Dispose();

    private CameraSnapshot Camera(string site, string camera) => _store.Snapshot(new CameraId(site, camera))!;

    private void Scene()
    {
        var nominal = new NominalSettings(112, 112, 0);
        Status("a", "stalled", CameraState.Online);
        Status("a", "new", CameraState.Online);
        _time.Advance(TimeSpan.FromSeconds(20));
        Status("a", "new", CameraState.Online);
        foreach (var (site, camera) in new[] { ("a", "fine"), ("b", "fine"), ("a", "over-target"), ("b", "below-nominal"), ("b", "offline") })
        {
            Status(site, camera, camera == "offline" ? CameraState.Offline : CameraState.Online, nominal);
            var adaptive = camera == "below-nominal" ? new AdaptiveState(96, 96, 0, 4, 15) : new AdaptiveState(112, 112, 0, 4, 15);
            _store.TryApply(DashboardSamples.Result(camera: camera, site: site, adaptive: adaptive));
        }

        _store.TryApply(DashboardSamples.Report(LatencyCause.TransportBound, acting: false, _time.GetUtcNow(), camera: "over-target") with { Site = "a" });
        _store.TryApply(DashboardSamples.Report(LatencyCause.WithinTarget, acting: false, _time.GetUtcNow(), camera: "fine") with { Site = "a" });
    }

    private void Status(string site, string camera, CameraState state, NominalSettings? nominal = null) =>
        _store.TryApply(DashboardSamples.Status(state, _time.GetUtcNow(), camera, nominal: nominal) with { Site = site });
}

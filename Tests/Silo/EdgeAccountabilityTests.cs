using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// The local configuration (the embedded broker, one silo) when no silo is there to take sequences: published before the
/// silo subscribed, or while it restarts. The edges' ledgers (<see cref="AccountedEdges"/>) settle every sequence: by its
/// result, by a silo's drop notice, or, after one republish, as <c>no_result</c>; none is left without an outcome.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class EdgeAccountabilityTests
{
    private const string Site = "acct";
    private static readonly string[] Cameras = ["c0", "c1"];

    // Long enough for a silo to start in: a sequence the broker gave no one is republished once that silo is there.
    private static readonly TimeSpan ResultTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Settled = TimeSpan.FromSeconds(180);

    // Republished sequences are seconds old: within the budget here, so that they become results rather than stale drops.
    private static readonly Dictionary<string, string?> Budget = new()
    {
        ["Silo:Inference:MaxLatencyMs"] = "60000",
    };

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task SequencesPublishedBeforeAnySiloSubscribedAreRepublishedAndEveryOneEndsWithAnOutcome()
    {
        const int perCamera = 4;
        var ledgerTime = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        await using var results = await ResultRecorder.StartAsync(broker, _cancellation);
        await using var edges = new AccountedEdges(Site, Cameras, broker.Port, ResultTimeout, "early", ledgerTime);
        await edges.WhenReadyAsync(_cancellation);
        await PublishAsync(edges, 0, perCamera);
        await edges.WhenPublishedAsync(_cancellation);

        // The silo subscribes (a probe from another camera gets its result), and only then are the edges' outcomes overdue.
        await using var silo = await SiloTestCluster.StartAsync(broker, settings: Budget);
        await using var probe = await SequencePublisher.ConnectAsync(broker, _cancellation);
        await probe.PublishAsync(TestSequences.Create(Site, "probe", 0, DateTimeOffset.UtcNow), _cancellation);
        await results.WaitUntilAsync(all => all.Any(r => r.Camera == "probe"), _cancellation);
        Assert.DoesNotContain(results.Results, r => Cameras.Contains(r.Camera));
        ledgerTime.Advance(ResultTimeout + TimeSpan.FromSeconds(1));
        await edges.WhenSettledAsync(Settled, _cancellation);

        var outcomes = edges.Outcomes();
        TestContext.Current.TestOutputHelper?.WriteLine($"{Cameras.Length * perCamera} sequences published before the silo subscribed; {edges}.");
        Assert.Equal(0, edges.Outstanding);
        Assert.Equal(Cameras.Length * perCamera, edges.Republished);
        Assert.Equal(new Dictionary<string, long> { ["result"] = Cameras.Length * perCamera }, outcomes);
    }

    [Fact]
    public async Task ASiloRestartBehindTheEmbeddedBrokerLeavesNoSequenceWithoutAnOutcome()
    {
        const int perPhase = 3;
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        // One client id across the restart, as a local run's silo has.
        var settings = new Dictionary<string, string?>(Budget) { ["Silo:Mqtt:ClientId"] = "acct-silo" };
        await using var results = await ResultRecorder.StartAsync(broker, _cancellation);
        await using var edges = new AccountedEdges(Site, Cameras, broker.Port, ResultTimeout, "restart");
        await edges.WhenReadyAsync(_cancellation);

        var first = await SiloTestCluster.StartAsync(broker, settings: settings);
        await PublishAsync(edges, 0, perPhase);
        await results.WaitUntilAsync(all => all.Count >= Cameras.Length * perPhase, _cancellation);
        await first.DisposeAsync();

        await PublishAsync(edges, perPhase, perPhase);
        await edges.WhenPublishedAsync(_cancellation);
        await using var second = await SiloTestCluster.StartAsync(broker, settings: settings);
        await PublishAsync(edges, 2 * perPhase, perPhase);
        await edges.WhenSettledAsync(Settled, _cancellation);

        var outcomes = edges.Outcomes();
        TestContext.Current.TestOutputHelper?.WriteLine($"{Cameras.Length * 3 * perPhase} sequences published around a silo restart; {edges}.");
        Assert.Equal(0, edges.Outstanding);
        Assert.Equal(Cameras.Length * 3 * perPhase, outcomes.Values.Sum());
        Assert.Empty(results.Undecodable);
        // Before and after the restart every sequence has its result; those published while no silo ran end too, most as results.
        Assert.True(outcomes.GetValueOrDefault("result") >= Cameras.Length * 2 * perPhase, $"{edges}");
        Assert.True(outcomes.GetValueOrDefault("result") > Cameras.Length * 5 * perPhase / 2, $"{edges}");
    }

    private async Task PublishAsync(AccountedEdges edges, int first, int count)
    {
        for (var n = first; n < first + count; n++)
        {
            foreach (var camera in Cameras)
            {
                await edges.PublishAsync(TestSequences.Create(Site, camera, n, TimeProvider.System.GetUtcNow()), _cancellation);
            }
        }
    }
}

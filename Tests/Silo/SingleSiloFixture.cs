using EdgeVision.Tests.Fixtures;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// One broker and one silo serving the shipped conv3d checkpoint, shared by a test class. The latency budget is wide
/// (30 s) so CPU timing on a loaded 2-core machine cannot turn a behaviour test into a staleness test; staleness is
/// tested with sequences captured long ago.
/// </summary>
public sealed class SingleSiloFixture : IAsyncLifetime
{
    public const string Site = "site-e2e";

    /// <summary>The silo's payload limit here (1 MiB, below the broker's), so an oversized sequence reaches the silo's check.</summary>
    public const int MaxMessageBytes = 1024 * 1024;

    private InProcessBroker? _broker;
    private SiloTestCluster? _silos;

    public InProcessBroker Broker => _broker ?? throw new InvalidOperationException("Not initialized.");

    public SiloTestCluster Silos => _silos ?? throw new InvalidOperationException("Not initialized.");

    public async ValueTask InitializeAsync()
    {
        _broker = await InProcessBroker.StartAsync();
        _silos = await SiloTestCluster.StartAsync(_broker, silos: 1, settings: new Dictionary<string, string?>
        {
            ["Silo:Inference:TargetLatencyMs"] = "20000",
            ["Silo:Inference:MaxLatencyMs"] = "30000",
            ["Silo:SequenceLimits:MaxMessageBytes"] = MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture),
        });
    }

    public async ValueTask DisposeAsync()
    {
        if (_silos is not null)
        {
            await _silos.DisposeAsync();
        }

        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}

namespace EdgeVision.Tests.Fixtures;

/// <summary>
/// xunit class or collection fixture: one anonymous-mode <see cref="InProcessBroker"/> shared by a test class.
/// Tests that need accounts or other settings start their own with <see cref="InProcessBroker.StartAsync"/>.
/// </summary>
public sealed class BrokerFixture : IAsyncLifetime
{
    private InProcessBroker? _broker;

    public InProcessBroker Broker => _broker ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async ValueTask InitializeAsync() => _broker = await InProcessBroker.StartAsync();

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}

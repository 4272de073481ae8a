using EdgeVision.Broker;
using EdgeVision.Tests.Fixtures;

namespace EdgeVision.Tests.Broker;

/// <summary>A broker with one account per role (two cameras) and a small message limit for the size test.</summary>
public sealed class SecuredBrokerFixture : IAsyncLifetime
{
    public const string Site = "site-a";
    public const string Password = "secret";
    public const int MaxMessageBytes = 1024 * 1024;

    public static readonly BrokerUser Camera1 = new() { Username = "cam1", Password = Password, Role = BrokerRole.Camera, Site = Site, Camera = "cam1" };
    public static readonly BrokerUser Camera2 = new() { Username = "cam2", Password = Password, Role = BrokerRole.Camera, Site = Site, Camera = "cam2" };
    public static readonly BrokerUser Silo = new() { Username = "silo", Password = Password, Role = BrokerRole.Silo };
    public static readonly BrokerUser Viewer = new() { Username = "viewer", Password = Password, Role = BrokerRole.Subscriber };
    public static readonly BrokerUser Admin = new() { Username = "admin", Password = Password, Role = BrokerRole.Admin };

    private InProcessBroker? _broker;

    public InProcessBroker Broker => _broker ?? throw new InvalidOperationException("The fixture is not initialized.");

    public async ValueTask InitializeAsync() => _broker = await InProcessBroker.StartAsync(
        users: [Camera1, Camera2, Silo, Viewer, Admin],
        settings: new Dictionary<string, string?> { ["Broker:MaxMessageBytes"] = MaxMessageBytes.ToString(System.Globalization.CultureInfo.InvariantCulture) });

    public Task<MQTTnet.IMqttClient> ConnectAsync(BrokerUser user, CancellationToken cancellationToken, string? clientId = null) =>
        Broker.ConnectAsync(user.Username, user.Password, clientId, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        if (_broker is not null)
        {
            await _broker.DisposeAsync();
        }
    }
}

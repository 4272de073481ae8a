using EdgeVision.Tests.Fixtures;
using MQTTnet;

namespace EdgeVision.Tests.Broker;

public sealed class BrokerAuthenticationTests(SecuredBrokerFixture fixture) : IClassFixture<SecuredBrokerFixture>
{
    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task WrongPasswordIsRefusedWithBadUserNameOrPassword()
    {
        var result = await fixture.Broker.TryConnectAsync("cam1", "not-the-password", cancellationToken: _cancellation);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result);
    }

    [Fact]
    public async Task UnknownUserIsRefusedWithBadUserNameOrPassword()
    {
        var result = await fixture.Broker.TryConnectAsync("mallory", SecuredBrokerFixture.Password, cancellationToken: _cancellation);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result);
    }

    [Fact]
    public async Task ClientWithoutCredentialsIsRefusedWhenAccountsAreConfigured()
    {
        var result = await fixture.Broker.TryConnectAsync(cancellationToken: _cancellation);

        Assert.Equal(MqttClientConnectResultCode.BadUserNameOrPassword, result);
    }

    [Fact]
    public async Task ConfiguredAccountConnects()
    {
        using var client = await fixture.ConnectAsync(SecuredBrokerFixture.Camera1, _cancellation);

        Assert.True(client.IsConnected);
    }

    [Fact]
    public async Task ClientIdHeldByAnotherUserIsRefused()
    {
        // Otherwise the second user could resume the first one's session, and with it the first one's rights.
        using var silo = await fixture.ConnectAsync(SecuredBrokerFixture.Silo, _cancellation, clientId: "shared-id");

        var result = await fixture.Broker.TryConnectAsync(
            SecuredBrokerFixture.Camera1.Username, SecuredBrokerFixture.Password, "shared-id", _cancellation);

        Assert.Equal(MqttClientConnectResultCode.ClientIdentifierNotValid, result);
        Assert.True(silo.IsConnected);
    }

    [Fact]
    public async Task AnonymousModeAcceptsClientsWithoutCredentials()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);

        using var client = await broker.ConnectAsync(cancellationToken: _cancellation);

        Assert.True(client.IsConnected);
    }
}

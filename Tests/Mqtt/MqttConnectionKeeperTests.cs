using System.Text;
using EdgeVision.Mqtt;
using EdgeVision.Testing;
using EdgeVision.Tests.Fixtures;
using Microsoft.Extensions.Logging.Abstractions;
using MQTTnet;
using MQTTnet.Protocol;

namespace EdgeVision.Tests.Mqtt;

/// <summary>The one connection keeper every MQTT client uses, against real brokers (mosquitto, the embedded broker).</summary>
[Trait("Category", "EndToEnd")]
public sealed class MqttConnectionKeeperTests : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;
    private readonly TestCertificateAuthority _ca = new();

    [Fact]
    public async Task ReconnectsWhenTheBrokerComesBackAndSubscribesAgain()
    {
        await using var mosquitto = await MosquittoBroker.StartNewAsync(cancellationToken: _cancellation);
        var connects = 0;
        using var keeper = Keeper(new MqttConnectionOptions { Port = mosquitto.Port }, async (client, _, token) =>
        {
            Interlocked.Increment(ref connects);
            await client.SubscribeAsync("keeper/#", MqttQualityOfServiceLevel.AtLeastOnce, token);
        });
        var received = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        keeper.Client.ApplicationMessageReceivedAsync += e =>
        {
            received.TrySetResult(Encoding.UTF8.GetString(e.ApplicationMessage.Payload));
            return Task.CompletedTask;
        };
        var lost = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        keeper.ConnectionLost += reason => lost.TrySetResult(reason);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_cancellation);
        var running = keeper.RunAsync(stop.Token);
        await keeper.WhenReadyAsync(_cancellation).WaitAsync(Patience, _cancellation);

        await mosquitto.StopAsync();
        await lost.Task.WaitAsync(Patience, _cancellation);
        Assert.False(keeper.IsReady);
        await mosquitto.StartAsync(_cancellation);
        await keeper.WhenReadyAsync(_cancellation).WaitAsync(Patience, _cancellation);
        await PublishAsync(mosquitto.Port, "keeper/after", "back");

        Assert.Equal("back", await received.Task.WaitAsync(Patience, _cancellation));
        Assert.Equal(2, Volatile.Read(ref connects));
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task AConnectedHookThatFailsFailsTheAttemptAndRunsAgainOnAFreshConnection()
    {
        await using var broker = await InProcessBroker.StartAsync(cancellationToken: _cancellation);
        var attempts = 0;
        using var keeper = Keeper(new MqttConnectionOptions { Port = broker.Port }, (_, _, _) =>
            Interlocked.Increment(ref attempts) == 1 ? throw new InvalidOperationException("the broker refused the subscription") : Task.CompletedTask);
        var failed = new TaskCompletionSource<MqttConnectFailure>(TaskCreationOptions.RunContinuationsAsynchronously);
        keeper.ConnectFailed += failure => failed.TrySetResult(failure);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(_cancellation);
        var running = keeper.RunAsync(stop.Token);

        var failure = await failed.Task.WaitAsync(Patience, _cancellation);
        await keeper.WhenReadyAsync(_cancellation).WaitAsync(Patience, _cancellation);

        Assert.Equal((1, "the broker refused the subscription"), (failure.Attempt, failure.Reason));
        Assert.Equal(2, Volatile.Read(ref attempts));
        await stop.CancelAsync();
        await running;
    }

    [Fact]
    public async Task ABrokerCertificateFromAnotherCaIsRefusedNamingTheCaFile()
    {
        using var other = new TestCertificateAuthority("other");
        await using var mosquitto = await _ca.StartMosquittoAsync();
        using var keeper = Keeper(new MqttConnectionOptions { Port = mosquitto.Port, UseTls = true, CaCertificatePath = other.CertificatePath });

        var problem = await keeper.TryConnectAsync(_cancellation);

        Assert.StartsWith($"the broker's certificate (CN=127.0.0.1, issued by CN=EdgeVision test CA) is not signed by the CA in {other.CertificatePath} (", problem);
        Assert.EndsWith("): check Test:Mqtt:CaCertificatePath.", problem);
        Assert.False(keeper.IsReady);
    }

    [Fact]
    public async Task ABrokerCertificateFromAPrivateCaWithNoCaConfiguredIsRefusedNamingTheKeyToSet()
    {
        await using var mosquitto = await _ca.StartMosquittoAsync();
        using var keeper = Keeper(new MqttConnectionOptions { Port = mosquitto.Port, UseTls = true });

        var problem = await keeper.TryConnectAsync(_cancellation);

        Assert.StartsWith("the broker's certificate (CN=127.0.0.1, issued by CN=EdgeVision test CA) is not signed by a CA of the system store (", problem);
        Assert.EndsWith("): set Test:Mqtt:CaCertificatePath to the PEM file of the CA that signed it.", problem);
    }

    [Fact]
    public async Task ABrokerCertificateForAnotherHostIsRefusedNamingTheHost()
    {
        await using var mosquitto = await _ca.StartMosquittoAsync(); // its certificate names 127.0.0.1 only
        using var keeper = Keeper(new MqttConnectionOptions { Host = "localhost", Port = mosquitto.Port, UseTls = true, CaCertificatePath = _ca.CertificatePath });

        var problem = await keeper.TryConnectAsync(_cancellation);

        Assert.Equal("the broker's certificate (CN=127.0.0.1, issued by CN=EdgeVision test CA) does not name localhost: check Test:Mqtt:Host.", problem);
    }

    [Fact]
    public async Task ABrokerThatRequiresAClientCertificateTakesOneItsCaSigned()
    {
        var (clientCertificate, clientKey) = _ca.IssueClient("camera-1");
        await using var mosquitto = await _ca.StartMosquittoAsync($"cafile {_ca.CertificatePath}", "require_certificate true");
        using var without = Keeper(new MqttConnectionOptions { Port = mosquitto.Port, UseTls = true, CaCertificatePath = _ca.CertificatePath });
        using var with = Keeper(new MqttConnectionOptions
        {
            Port = mosquitto.Port, UseTls = true, CaCertificatePath = _ca.CertificatePath, ClientCertificatePath = clientCertificate, ClientKeyPath = clientKey,
        });

        Assert.NotNull(await without.TryConnectAsync(_cancellation));
        Assert.Null(await with.TryConnectAsync(_cancellation));
        Assert.True(with.IsReady);
        await with.DisconnectAsync(farewell: null, _cancellation);
    }

    public void Dispose() => _ca.Dispose();

    private static MqttConnectionKeeper Keeper(MqttConnectionOptions options, Func<IMqttClient, MqttClientConnectResult, CancellationToken, Task>? onConnected = null)
    {
        options.ReconnectMinDelaySeconds = 0.05;
        options.ReconnectMaxDelaySeconds = 0.5;
        options.OperationTimeoutSeconds = 10;
        Assert.Empty(options.Validate("Test:Mqtt"));
        return new MqttConnectionKeeper(new MqttClientOptionsFactory(options, key => $"Test:Mqtt:{key}"), $"keeper-test-{Guid.NewGuid():N}", TimeProvider.System, NullLogger.Instance)
        {
            OnConnectedAsync = onConnected,
        };
    }

    private async Task PublishAsync(int port, string topic, string payload)
    {
        using var client = new MqttClientFactory().CreateMqttClient();
        await client.ConnectAsync(new MqttClientOptionsBuilder().WithTcpServer(InProcessBroker.Address, port).Build(), _cancellation);
        await client.PublishAsync(new MqttApplicationMessageBuilder().WithTopic(topic).WithPayload(payload)
            .WithQualityOfServiceLevel(MqttQualityOfServiceLevel.AtLeastOnce).Build(), _cancellation);
        await client.DisconnectAsync(cancellationToken: _cancellation);
    }
}

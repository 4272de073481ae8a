using EdgeVision.Mqtt;

namespace EdgeVision.Tests.Mqtt;

/// <summary><c>--broker</c> as the edge agent and the CLI both take it.</summary>
public sealed class BrokerAddressTests
{
    [Theory]
    [InlineData("broker.local", 1883, "broker.local", 1883)]
    [InlineData("broker.local:1884", 1883, "broker.local", 1884)]
    [InlineData("[::1]:1885", 1883, "::1", 1885)]
    [InlineData("[::1]", 8883, "::1", 8883)]
    [InlineData("10.0.0.5:8883", 1883, "10.0.0.5", 8883)]
    public void HostAndPortAreReadWithTheDefaultPortWhenNoneIsWritten(string broker, int defaultPort, string host, int port)
    {
        Assert.Equal((host, (int?)port), BrokerAddress.Parse(broker, defaultPort));
    }

    [Theory]
    [InlineData("host:99999")]
    [InlineData("host:0")]
    [InlineData("host:port")]
    [InlineData("[::1]:x")]
    public void APortThatIsNotANumberFrom1To65535IsNull(string broker)
    {
        Assert.Null(BrokerAddress.Parse(broker, 1883).Port);
    }

    [Theory]
    [InlineData("::1", 1883, "[::1]:1883")]
    [InlineData("broker.local", 8883, "broker.local:8883")]
    public void AnAddressIsWrittenBackAsUsersWriteIt(string host, int port, string written)
    {
        Assert.Equal(written, BrokerAddress.Format(host, port));
        Assert.Equal((host, (int?)port), BrokerAddress.Parse(written, 1));
    }
}

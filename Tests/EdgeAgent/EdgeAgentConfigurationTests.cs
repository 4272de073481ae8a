using EdgeVision.Edge.Publishing;
using EdgeVision.EdgeAgent;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace EdgeVision.Tests.EdgeAgent;

public sealed class EdgeAgentConfigurationTests
{
    [Fact]
    public async Task InvalidSettingsStopTheAgentAtStartNamingEveryKey()
    {
        await using var agent = AgentHost.Create(1883, AgentHost.Generator(frames: 10), new Dictionary<string, string?>
        {
            ["Edge:Camera"] = "dock 3",
            ["Edge:JpegQuality"] = "0",
            ["Edge:Mqtt:Port"] = "70000",
            ["Edge:Mqtt:Password"] = "secret",
            ["Edge:Mqtt:OfflineQueueCapacity"] = "0",
            ["Edge:Video:TargetWidth"] = "8",
            ["Edge:Preview:MaxBytes"] = "10",
        });

        var failure = await Assert.ThrowsAnyAsync<Exception>(agent.StartAsync);

        var message = Messages(failure);
        foreach (var key in new[] { "Edge:Camera", "Edge:JpegQuality", "Edge:Mqtt:Port", "Edge:Mqtt:Password", "Edge:Mqtt:OfflineQueueCapacity", "Edge:Video:TargetWidth", "Edge:Preview:MaxBytes" })
        {
            Assert.Contains(key, message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task InvalidLedgerSettingsStopTheAgentAtStartNamingEachKey()
    {
        await using var agent = AgentHost.Create(1883, AgentHost.Generator(frames: 10), new Dictionary<string, string?>
        {
            ["Edge:ResultTimeoutSeconds"] = "0",
            ["Edge:RetainForRepublish"] = "-1",
            ["Edge:MaxOutstandingSequences"] = "0",
        });

        var failure = await Assert.ThrowsAnyAsync<Exception>(agent.StartAsync);

        var message = Messages(failure);
        Assert.Contains("Edge:ResultTimeoutSeconds", message, StringComparison.Ordinal);
        Assert.Contains("Edge:RetainForRepublish", message, StringComparison.Ordinal);
        Assert.Contains("Edge:MaxOutstandingSequences", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ASourceThatNamesNothingStopsTheAgentAtStartNamingEdgeSource()
    {
        await using var agent = AgentHost.Create(1883, null, new Dictionary<string, string?> { ["Edge:Source"] = "/no/such/video.mp4" });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(agent.StartAsync);

        Assert.Contains("Edge:Source is not usable: Source '/no/such/video.mp4' is not an existing file", failure.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AMisspeltKeyStopsTheAgentAtStartNamingItInFull()
    {
        await using var agent = AgentHost.Create(1883, AgentHost.Generator(frames: 10), new Dictionary<string, string?>
        {
            ["Edge:Mqtt:Hots"] = "broker",
            ["Edge:Camra"] = "dock-3",
        });

        var failure = await Assert.ThrowsAnyAsync<Exception>(agent.StartAsync);

        var message = Messages(failure);
        Assert.Contains("Edge:Mqtt:Hots is not a setting: did you mean Edge:Mqtt:Host?", message, StringComparison.Ordinal);
        Assert.Contains("Edge:Camra is not a setting: did you mean Edge:Camera?", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task KeysUnderTheRetiredMqttAndVideoSectionsStopTheAgentNamingWhereTheyGoNow()
    {
        await using var agent = AgentHost.Create(1883, AgentHost.Generator(frames: 10), new Dictionary<string, string?>
        {
            ["Mqtt:Host"] = "broker",
            ["Mqtt:SocketBufferSize"] = "65536",
            ["Video:TargetWidth"] = "112",
        });

        var failure = await Assert.ThrowsAsync<OptionsValidationException>(agent.StartAsync);

        Assert.Equal(
            ["Mqtt:Host has moved to Edge:Mqtt:Host.", "Mqtt:SocketBufferSize has moved to Edge:Mqtt:SocketBufferBytes.",
                "Video:TargetWidth has moved to Edge:Video:TargetWidth."],
            failure.Failures);
    }

    [Theory]
    [InlineData("--broker", "10.0.0.5:8883", "10.0.0.5", 8883)]
    [InlineData("--broker=mqtt.example.com:1884", null, "mqtt.example.com", 1884)]
    [InlineData("--broker", "[::1]:1885", "::1", 1885)]
    [InlineData("--broker", "broker-host", "broker-host", 1883)]
    public void BrokerSwitchSetsHostAndPort(string flag, string? value, string host, int port)
    {
        string[] args = value is null ? [flag, "--camera", "dock-3", "--username", "cam"] : [flag, value, "--camera", "dock-3", "--username", "cam"];

        var options = Bind<MqttPublisherOptions>(args, EdgeAgentOptions.MqttSectionName);
        var edge = Bind<EdgeAgentOptions>(args, EdgeAgentOptions.SectionName);

        Assert.Equal((host, port, "cam"), (options.Host, options.Port, options.Username));
        Assert.Equal("dock-3", edge.Camera);
    }

    [Fact]
    public void ABrokerPortThatIsNotANumberIsReportedUnderEdgeMqttPort()
    {
        var failure = Assert.ThrowsAny<InvalidOperationException>(() => Bind<MqttPublisherOptions>(["--broker", "host:abc"], EdgeAgentOptions.MqttSectionName));

        Assert.Contains("Edge:Mqtt:Port", failure.Message, StringComparison.Ordinal);
    }

    private static T Bind<T>(string[] args, string section) where T : class, new()
    {
        var configuration = new ConfigurationBuilder()
            .AddCommandLine(EdgeCommandLine.Expand(args), new Dictionary<string, string>(EdgeCommandLine.SwitchMappings))
            .Build();
        var options = new T();
        ValidatedOptionsExtensions.BindSection(configuration.GetSection(section), options);
        return options;
    }

    private static string Messages(Exception failure) => failure switch
    {
        AggregateException aggregate => string.Join("\n", aggregate.InnerExceptions.Select(Messages)),
        _ => failure.Message + (failure.InnerException is { } inner ? "\n" + Messages(inner) : ""),
    };
}

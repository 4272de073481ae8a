using EdgeVision.Contracts.Topics;

namespace EdgeVision.Tests.Contracts.Topics;

public sealed class MqttTopicsTests
{
    [Theory]
    [InlineData(TopicKind.Sequences, "edgevision/warehouse-1/dock_3/sequences")]
    [InlineData(TopicKind.Results, "edgevision/warehouse-1/dock_3/results")]
    [InlineData(TopicKind.Status, "edgevision/warehouse-1/dock_3/status")]
    [InlineData(TopicKind.Control, "edgevision/warehouse-1/dock_3/control")]
    public void BuildsAndParsesTheDocumentedTopics(TopicKind kind, string topic)
    {
        Assert.Equal(topic, MqttTopics.Build("warehouse-1", "dock_3", kind));
        Assert.True(MqttTopics.TryParse(topic, out var parsed));
        Assert.Equal(new CameraTopic("warehouse-1", "dock_3", kind), parsed);
        Assert.Equal(topic, parsed.ToString());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("other/site/camera/results")]
    [InlineData("EdgeVision/site/camera/results")]
    [InlineData("edgevision/+/camera/results")]
    [InlineData("edgevision/site/#")]
    [InlineData("edgevision/site/camera/#")]
    [InlineData("$SYS/site/camera/results")]
    [InlineData("$share/group/edgevision/site/camera/results")]
    [InlineData("edgevision//camera/results")]
    [InlineData("edgevision/site//results")]
    [InlineData("edgevision/site/camera/")]
    [InlineData("/edgevision/site/camera/results")]
    [InlineData("edgevision/site/camera/results/")]
    [InlineData("edgevision/site/camera/results/extra")]
    [InlineData("edgevision/site/camera")]
    [InlineData("edgevision/site/camera/frames")]
    [InlineData("edgevision/site/camera/Results")]
    [InlineData("edgevision/site/caméra/results")]
    [InlineData("edgevision/site/cam era/results")]
    [InlineData("edgevision/-site/camera/results")]
    public void RejectsTopicsOutsideTheScheme(string? topic)
    {
        Assert.False(MqttTopics.TryParse(topic, out var parsed));
        Assert.Equal(default, parsed);
    }

    [Fact]
    public void RejectsIdsOverSixtyFourCharacters()
    {
        var longest = new string('a', Identifiers.MaxLength);

        Assert.True(MqttTopics.TryParse($"edgevision/{longest}/camera/status", out _));
        Assert.False(MqttTopics.TryParse($"edgevision/{longest}a/camera/status", out _));
        Assert.Throws<ArgumentException>(() => MqttTopics.Build("site", longest + "a", TopicKind.Status));
    }

    [Theory]
    [InlineData("+", "camera")]
    [InlineData("site", "#")]
    [InlineData("$SYS", "camera")]
    [InlineData("site", "")]
    [InlineData("a/b", "camera")]
    public void BuildRefusesUnsafeIdsNamingTheParameter(string site, string camera)
    {
        var error = Assert.Throws<ArgumentException>(() => MqttTopics.Build(site, camera, TopicKind.Results));

        Assert.Equal(site == "site" ? "camera" : "site", error.ParamName);
    }

    [Fact]
    public void BuildRefusesUnknownKinds() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => MqttTopics.Build("site", "camera", (TopicKind)42));

    [Fact]
    public void FiltersCoverAllCamerasOneSiteOrOneCamera()
    {
        Assert.Equal("edgevision/+/+/results", MqttTopics.Filter(TopicKind.Results));
        Assert.Equal("edgevision/site-1/+/status", MqttTopics.Filter(TopicKind.Status, "site-1"));
        Assert.Equal("edgevision/site-1/cam-2/control", MqttTopics.Filter(TopicKind.Control, "site-1", "cam-2"));
    }

    [Fact]
    public void FilterRefusesACameraWithoutItsSiteAndUnsafeIds()
    {
        Assert.Equal("camera", Assert.Throws<ArgumentException>(() => MqttTopics.Filter(TopicKind.Results, camera: "cam")).ParamName);
        Assert.Equal("site", Assert.Throws<ArgumentException>(() => MqttTopics.Filter(TopicKind.Results, "#")).ParamName);
    }

    [Fact]
    public void SharedFiltersUseTheMqtt5ShareSyntax()
    {
        Assert.Equal("$share/silos/edgevision/+/+/sequences", MqttTopics.SharedFilter("silos", TopicKind.Sequences));
        Assert.Equal("$share/silos/edgevision/site-1/+/sequences", MqttTopics.SharedFilter("silos", TopicKind.Sequences, "site-1"));
        Assert.Equal("group", Assert.Throws<ArgumentException>(() => MqttTopics.SharedFilter("a/b", TopicKind.Sequences)).ParamName);
    }

    [Fact]
    public void ParsesOnlyTheKindSegmentsItBuilds()
    {
        foreach (var kind in Enum.GetValues<TopicKind>())
        {
            Assert.True(MqttTopics.TryParseKind(MqttTopics.Segment(kind), out var parsed));
            Assert.Equal(kind, parsed);
        }

        Assert.False(MqttTopics.TryParseKind("+", out _));
        Assert.False(MqttTopics.TryParseKind("SEQUENCES", out _));
    }
}

namespace EdgeVision.Contracts.Topics;

/// <summary>A parsed camera topic: <c>edgevision/{site}/{camera}/{kind}</c>.</summary>
public readonly record struct CameraTopic(string Site, string Camera, TopicKind Kind)
{
    public override string ToString() => MqttTopics.Build(Site, Camera, Kind);
}

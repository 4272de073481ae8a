using EdgeVision.Contracts.Topics;
using EdgeVision.Contracts.Wire;

namespace EdgeVision.Edge.Publishing;

/// <summary>Who is publishing: the camera's site and id (topic segments) and the agent's version (status messages).</summary>
public sealed record EdgeIdentity(string Site, string Camera, string AgentVersion)
{
    /// <summary>The camera's configured size and frame skip, announced in its status messages; null to leave them out.</summary>
    public NominalSettings? Nominal { get; init; }

    public string SequencesTopic => MqttTopics.Build(Site, Camera, TopicKind.Sequences);

    public string StatusTopic => MqttTopics.Build(Site, Camera, TopicKind.Status);

    public string PreviewTopic => MqttTopics.Build(Site, Camera, TopicKind.Preview);

    public string ControlTopic => MqttTopics.Build(Site, Camera, TopicKind.Control);

    public string ResultsTopic => MqttTopics.Build(Site, Camera, TopicKind.Results);

    public string DropsTopic => MqttTopics.Build(Site, Camera, TopicKind.Drops);

    /// <summary>The default client id: one per camera, so a second agent for the same camera takes over the session.</summary>
    public string DefaultClientId => $"edgevision-{Site}-{Camera}";
}

using EdgeVision.Contracts.Topics;

namespace EdgeVision.Silo.Results;

/// <summary>A JSON message waiting for the broker.</summary>
internal readonly record struct OutgoingMessage(string Topic, TopicKind Kind, byte[] Payload);

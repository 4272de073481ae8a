using EdgeVision.Contracts.Topics;

namespace EdgeVision.Silo.Results;

/// <summary>A JSON message waiting for the broker; <paramref name="Retain"/> keeps it at the broker for later subscribers.</summary>
internal readonly record struct OutgoingMessage(string Topic, TopicKind Kind, byte[] Payload, bool Retain = false);

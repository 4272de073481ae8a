using EdgeVision.Contracts.Topics;

namespace EdgeVision.Silo.Status;

/// <summary>
/// Who the silo is in its status: a stable id (the MQTT client id prefix, the same across restarts, so a restarted silo
/// replaces its own retained status), its Orleans address and when this process started.
/// </summary>
public sealed record SiloIdentity
{
    public SiloIdentity(string id, string address, DateTimeOffset startedAt)
    {
        Id = Identifiers.Require(id, nameof(id));
        Address = address ?? throw new ArgumentNullException(nameof(address));
        StartedAt = startedAt;
    }

    public string Id { get; }

    public string Address { get; }

    public DateTimeOffset StartedAt { get; }

    /// <summary><c>edgevision/_silos/{Id}</c>.</summary>
    public string Topic => MqttTopics.SiloStatus(Id);
}

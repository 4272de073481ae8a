namespace EdgeVision.Broker;

/// <summary>What an authenticated MQTT client may do; see <see cref="Security.TopicAcl"/>.</summary>
public enum BrokerRole
{
    /// <summary>Not set in configuration: rejected by validation.</summary>
    Unspecified = 0,

    /// <summary>An edge agent: publishes its own sequences and status, subscribes to its own control.</summary>
    Camera,

    /// <summary>An inference silo: reads every camera's sequences and status, publishes results and control.</summary>
    Silo,

    /// <summary>Read-only consumer (dashboards, Node-RED, scripts): results and status.</summary>
    Subscriber,

    /// <summary>Anything.</summary>
    Admin,
}

namespace EdgeVision.Broker;

/// <summary>One configured MQTT account (<c>Broker:Users:{n}</c>).</summary>
public sealed class BrokerUser
{
    public string Username { get; set; } = "";

    public string Password { get; set; } = "";

    public BrokerRole Role { get; set; }

    /// <summary>Cameras only: the site segment of the topics this account owns.</summary>
    public string? Site { get; set; }

    /// <summary>Cameras only: the camera segment of the topics this account owns.</summary>
    public string? Camera { get; set; }
}

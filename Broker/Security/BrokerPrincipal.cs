namespace EdgeVision.Broker.Security;

/// <summary>An authenticated client: who it is and, for cameras, which camera's topics it owns.</summary>
public sealed record BrokerPrincipal(string Username, BrokerRole Role, string? Site = null, string? Camera = null)
{
    /// <summary>Metric tag value (bounded: one per role).</summary>
    public string RoleTag => Role switch
    {
        BrokerRole.Camera => "camera",
        BrokerRole.Silo => "silo",
        BrokerRole.Subscriber => "subscriber",
        BrokerRole.Admin => "admin",
        _ => "unknown",
    };

}

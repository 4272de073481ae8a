namespace EdgeVision.Dashboard.Mqtt;

/// <summary>One topic filter and the broker's answer to subscribing it (<c>GrantedQoS1</c>, <c>NotAuthorized</c>, ...).</summary>
public sealed record SubscriptionSnapshot(string Filter, bool Granted, string ResultCode);

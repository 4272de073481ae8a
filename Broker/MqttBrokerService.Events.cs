using System.Collections;
using EdgeVision.Broker.Security;
using EdgeVision.Contracts.Topics;
using MQTTnet.Protocol;
using MQTTnet.Server;

namespace EdgeVision.Broker;

/// <summary>MQTTnet event handlers: authentication, ACL, size limit, metrics.</summary>
internal sealed partial class MqttBrokerService
{
    private const string AnonymousRole = "anonymous";

    private static readonly object PrincipalKey = typeof(BrokerPrincipal);

    private Task OnValidatingConnectionAsync(ValidatingConnectionEventArgs e)
    {
        var clientId = string.IsNullOrEmpty(e.ClientId) ? AssignClientId(e) : e.ClientId;
        if (authenticator.IsAnonymous)
        {
            return Task.CompletedTask;
        }

        var principal = authenticator.Authenticate(e.UserName, e.RawPassword);
        if (principal is null)
        {
            e.ReasonCode = MqttConnectReasonCode.BadUserNameOrPassword;
            instruments.Rejected(BrokerInstruments.ReasonBadCredentials);
            if (_rejectionLog.ShouldLog(clientId, BrokerInstruments.ReasonBadCredentials, out var suppressed))
            {
                LogBadCredentials(clientId, e.UserName ?? "", e.RemoteEndPoint?.ToString() ?? "", suppressed);
            }

            return Task.CompletedTask;
        }

        var owner = _clientOwners.GetOrAdd(clientId, principal.Username);
        if (!string.Equals(owner, principal.Username, StringComparison.Ordinal))
        {
            e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
            instruments.Rejected(BrokerInstruments.ReasonClientIdInUse);
            LogClientIdInUse(clientId, principal.Username, owner);
            return Task.CompletedTask;
        }

        e.SessionItems[PrincipalKey] = principal;
        return Task.CompletedTask;
    }

    private Task OnClientConnectedAsync(ClientConnectedEventArgs e)
    {
        var role = RoleTag(e.SessionItems);
        instruments.Connected(role);
        LogClientConnected(e.ClientId, e.UserName ?? "", role);
        return Task.CompletedTask;
    }

    private Task OnClientDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        instruments.Disconnected(RoleTag(e.SessionItems));
        // On a takeover the same client id lives on in the new connection, owned by the same user.
        if (e.DisconnectType != MqttClientDisconnectType.Takeover)
        {
            _clientOwners.TryRemove(e.ClientId, out _);
            _rejectionLog.Forget(e.ClientId);
        }

        LogClientDisconnected(e.ClientId, e.DisconnectType);
        return Task.CompletedTask;
    }

    private Task OnInterceptingPublishAsync(InterceptingPublishEventArgs e)
    {
        var message = e.ApplicationMessage;
        var size = message.Payload.Length;
        if (size > _options.MaxMessageSize)
        {
            e.ProcessPublish = false;
            // MQTT 5 has no "too large" code for PUBACK; QuotaExceeded is the one for administrative limits.
            e.Response.ReasonCode = MqttPubAckReasonCode.QuotaExceeded;
            e.Response.ReasonString = $"Payload of {size} bytes exceeds the broker's limit of {_options.MaxMessageSize}.";
            Reject(e.ClientId, BrokerInstruments.ReasonMessageTooLarge, message.Topic);
            return Task.CompletedTask;
        }

        // Also covers last-will messages: MQTTnet dispatches them with the owner's session items.
        if (!authenticator.IsAnonymous
            && (PrincipalOf(e.SessionItems) is not { } principal || !TopicAcl.CanPublish(principal, message.Topic)))
        {
            e.ProcessPublish = false;
            e.Response.ReasonCode = MqttPubAckReasonCode.NotAuthorized;
            Reject(e.ClientId, BrokerInstruments.ReasonPublishDenied, message.Topic);
            return Task.CompletedTask;
        }

        instruments.Message(BrokerInstruments.DirectionIn, KindTag(message.Topic), size);
        return Task.CompletedTask;
    }

    private Task OnInterceptingSubscriptionAsync(InterceptingSubscriptionEventArgs e)
    {
        if (authenticator.IsAnonymous)
        {
            return Task.CompletedTask;
        }

        var filter = e.TopicFilter.Topic;
        if (PrincipalOf(e.SessionItems) is not { } principal || !TopicAcl.CanSubscribe(principal, filter))
        {
            e.ProcessSubscription = false;
            e.Response.ReasonCode = MqttSubscribeReasonCode.NotAuthorized;
            Reject(e.ClientId, BrokerInstruments.ReasonSubscribeDenied, filter);
        }

        return Task.CompletedTask;
    }

    private Task OnApplicationMessageEnqueuedOrDroppedAsync(ApplicationMessageEnqueuedEventArgs e)
    {
        var kind = KindTag(e.ApplicationMessage.Topic);
        if (e.IsDropped)
        {
            instruments.Dropped(kind);
        }
        else
        {
            instruments.Message(BrokerInstruments.DirectionOut, kind, e.ApplicationMessage.Payload.Length);
        }

        return Task.CompletedTask;
    }

    private void Reject(string clientId, string reason, string topic)
    {
        instruments.Rejected(reason);
        if (_rejectionLog.ShouldLog(clientId, reason, out var suppressed))
        {
            LogRejected(clientId, reason, topic, suppressed);
        }
    }

    private static string AssignClientId(ValidatingConnectionEventArgs e)
    {
        // MQTT 5 lets a client leave its id empty and have the server assign one; MQTTnet leaves that to us.
        e.AssignedClientIdentifier = $"auto-{Guid.NewGuid():N}";
        return e.AssignedClientIdentifier;
    }

    private static BrokerPrincipal? PrincipalOf(IDictionary sessionItems) =>
        sessionItems[PrincipalKey] as BrokerPrincipal;

    private string RoleTag(IDictionary sessionItems) =>
        authenticator.IsAnonymous ? AnonymousRole : PrincipalOf(sessionItems)?.RoleTag ?? "unknown";

    private static string KindTag(string? topic) =>
        MqttTopics.TryParse(topic, out var parsed) ? MqttTopics.Segment(parsed.Kind) : "other";
}

using System.Collections;
using EdgeVision.Broker.Security;
using EdgeVision.Contracts.Topics;
using MQTTnet.Formatter;
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
        var clientId = e.ClientId;
        if (string.IsNullOrEmpty(clientId))
        {
            if (e.ProtocolVersion != MqttProtocolVersion.V500)
            {
                // An MQTT 3.1.1 client with clean session got an id from ClientIdAssigningServerAdapter already; this one
                // asked to keep a session it cannot name, which the specification refuses [MQTT-3.1.3-8].
                e.ReasonCode = MqttConnectReasonCode.ClientIdentifierNotValid;
                instruments.Rejected(BrokerInstruments.ReasonClientIdInvalid);
                if (_rejectionLog.ShouldLog("", BrokerInstruments.ReasonClientIdInvalid, out var suppressed))
                {
                    LogEmptyClientIdWithoutCleanSession(e.RemoteEndPoint?.ToString() ?? "", suppressed);
                }

                return Task.CompletedTask;
            }

            // MQTT 5 lets a client leave its id empty and have the server assign one; MQTTnet leaves that to us.
            e.AssignedClientIdentifier = ClientIdAssigningServerAdapter.NewClientId();
            clientId = e.AssignedClientIdentifier;
        }

        if (!authenticator.IsAnonymous)
        {
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
        }

        _keptSessions.Connecting(clientId, e.ProtocolVersion, e.CleanSession ?? true, e.SessionExpiryInterval);
        return Task.CompletedTask;
    }

    private Task OnClientConnectedAsync(ClientConnectedEventArgs e)
    {
        if (_keptSessions.Connected(e.ClientId))
        {
            instruments.SessionResumedOrEnded();
        }

        var role = RoleTag(e.SessionItems);
        instruments.Connected(role);
        LogClientConnected(e.ClientId, e.UserName ?? "", role);
        return Task.CompletedTask;
    }

    private Task OnClientDisconnectedAsync(ClientDisconnectedEventArgs e)
    {
        instruments.Disconnected(RoleTag(e.SessionItems));
        // On a takeover the same client id lives on in the new connection. The owner goes with the session
        // (OnSessionDeletedAsync): a kept session outlives its connection.
        if (e.DisconnectType != MqttClientDisconnectType.Takeover)
        {
            _rejectionLog.Forget(e.ClientId);
            if (_keptSessions.Disconnected(e.ClientId, e.SessionExpiryInterval, time.GetUtcNow()))
            {
                instruments.SessionKept();
            }
        }

        LogClientDisconnected(e.ClientId, e.DisconnectType);
        return Task.CompletedTask;
    }

    private Task OnInterceptingPublishAsync(InterceptingPublishEventArgs e)
    {
        var message = e.ApplicationMessage;
        var size = message.Payload.Length;
        if (size > _options.MaxMessageBytes)
        {
            e.ProcessPublish = false;
            // MQTT 5 has no "too large" code for PUBACK; QuotaExceeded is the one for administrative limits.
            e.Response.ReasonCode = MqttPubAckReasonCode.QuotaExceeded;
            e.Response.ReasonString = $"Payload of {size} bytes exceeds the broker's limit of {_options.MaxMessageBytes}.";
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
            instruments.Dropped(kind, BrokerInstruments.ReasonQueueFull);
            if (_rejectionLog.ShouldLog(e.ReceiverClientId, BrokerInstruments.ReasonQueueFull, out var suppressed))
            {
                LogQueueFull(e.ReceiverClientId, _options.MaxPendingMessagesPerClient, e.ApplicationMessage.Topic, suppressed);
            }
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

    private static BrokerPrincipal? PrincipalOf(IDictionary sessionItems) =>
        sessionItems[PrincipalKey] as BrokerPrincipal;

    private string RoleTag(IDictionary sessionItems) =>
        authenticator.IsAnonymous ? AnonymousRole : PrincipalOf(sessionItems)?.RoleTag ?? "unknown";

    private static string KindTag(string? topic) =>
        MqttTopics.TryParse(topic, out var parsed) ? MqttTopics.Segment(parsed.Kind) : MqttTopics.TryParseSiloStatus(topic, out _) ? "silo_status" : "other";
}

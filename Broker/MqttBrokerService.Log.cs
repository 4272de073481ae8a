using System.Net;
using MQTTnet.Server;

namespace EdgeVision.Broker;

internal sealed partial class MqttBrokerService
{
    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT broker listening on {EndPoints} ({UserCount} accounts, messages up to {MaxMessageBytes} bytes, up to {MaxPending} queued per client, sessions kept up to {MaxSessionExpirySeconds} s)")]
    private partial void LogListening(string endPoints, int userCount, int maxMessageBytes, int maxPending, int maxSessionExpirySeconds);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT broker serves TLS 1.2/1.3 on {EndPoint} with the certificate {Subject} (valid until {NotAfter:u}); client certificates {ClientCertificates}")]
    private partial void LogTlsListening(IPEndPoint endPoint, string subject, DateTime notAfter, string clientCertificates);

    [LoggerMessage(Level = LogLevel.Warning, Message = "MQTT broker on {EndPoints} runs in anonymous mode: no Broker:Users configured, so any client may publish and subscribe anywhere. Configure users for anything but a local run")]
    private partial void LogAnonymousMode(string endPoints);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused a TLS client in the handshake: {Reason}; Broker:Tls:ClientCaCertificatePath is {CaPath} ({Suppressed} more refusals not logged)")]
    private partial void LogClientCertificateRefused(string reason, string caPath, long suppressed);

    [LoggerMessage(Level = LogLevel.Information, Message = "MQTT broker stopped")]
    private partial void LogStopped();

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused MQTT client {ClientId} from {RemoteEndPoint}: bad user name or password for '{UserName}' ({Suppressed} more refusals not logged)")]
    private partial void LogBadCredentials(string clientId, string userName, string remoteEndPoint, long suppressed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused MQTT client {ClientId} for user '{UserName}': the client id belongs to user '{Owner}'")]
    private partial void LogClientIdInUse(string clientId, string userName, string owner);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused {Reason} from MQTT client {ClientId} on '{Topic}' ({Suppressed} more refusals not logged)")]
    private partial void LogRejected(string clientId, string reason, string topic, long suppressed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Refused an MQTT client from {RemoteEndPoint}: an empty client id without clean session (an empty id is allowed only with a clean session) ({Suppressed} more refusals not logged)")]
    private partial void LogEmptyClientIdWithoutCleanSession(string remoteEndPoint, long suppressed);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Dropped a message on '{Topic}' for MQTT client {ClientId}: its queue already holds {MaxPending} messages (Broker:MaxPendingMessagesPerClient); the client is slow or away ({Suppressed} more drops not logged)")]
    private partial void LogQueueFull(string clientId, int maxPending, string topic, long suppressed);

    [LoggerMessage(Level = LogLevel.Information, Message = "Ended the kept session of MQTT client {ClientId}: it stayed away past its session expiry; {Pending} queued messages dropped")]
    private partial void LogSessionExpired(string clientId, long pending);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT client {ClientId} connected as '{UserName}' ({Role})")]
    private partial void LogClientConnected(string clientId, string userName, string role);

    [LoggerMessage(Level = LogLevel.Debug, Message = "MQTT client {ClientId} disconnected ({DisconnectType})")]
    private partial void LogClientDisconnected(string clientId, MqttClientDisconnectType disconnectType);
}

using System.Net;
using System.Security.Cryptography.X509Certificates;
using MQTTnet.Adapter;
using MQTTnet.Diagnostics.Logger;
using MQTTnet.Formatter;
using MQTTnet.Packets;
using MQTTnet.Server;

namespace EdgeVision.Broker;

/// <summary>
/// Wraps MQTTnet's TCP listener so an MQTT 3.1.1 client that connects with an empty client id and a clean session is
/// given a unique id, as the specification lets a server do [MQTT-3.1.3-6] and mosquitto does. MQTTnet assigns ids to
/// MQTT 5 clients only and answers the others "identifier rejected", which turns away <c>mosquitto_sub</c>, Home
/// Assistant and many Node-RED setups at their defaults. An empty id without a clean session stays empty, and MQTTnet
/// refuses it as the specification requires [MQTT-3.1.3-8]. The id is set on the CONNECT packet as it is read, before
/// authentication and the ACL see the client, so they treat it like any other.
/// </summary>
internal sealed class ClientIdAssigningServerAdapter(IMqttServerAdapter inner) : IMqttServerAdapter
{
    private Func<IMqttChannelAdapter, Task>? _clientHandler;

    public Func<IMqttChannelAdapter, Task> ClientHandler
    {
        get => _clientHandler ?? throw new InvalidOperationException("MQTTnet sets the client handler before it starts the adapter.");
        set
        {
            _clientHandler = value;
            inner.ClientHandler = channel => value(new Channel(channel));
        }
    }

    /// <summary>A client id for a client that left it to the broker: <c>auto-</c> and a random GUID, as mosquitto names them.</summary>
    public static string NewClientId() => $"auto-{Guid.NewGuid():N}";

    public Task StartAsync(MqttServerOptions options, IMqttNetLogger logger) => inner.StartAsync(options, logger);

    public Task StopAsync() => inner.StopAsync();

    public void Dispose() => inner.Dispose();

    /// <summary>One client connection, unchanged except for the client id of its CONNECT packet.</summary>
    private sealed class Channel(IMqttChannelAdapter inner) : IMqttChannelAdapter
    {
        private bool _connectSeen;

        public long BytesReceived => inner.BytesReceived;

        public long BytesSent => inner.BytesSent;

        public X509Certificate2 ClientCertificate => inner.ClientCertificate;

        public EndPoint RemoteEndPoint => inner.RemoteEndPoint;

        public EndPoint LocalEndPoint => inner.LocalEndPoint;

        public bool IsSecureConnection => inner.IsSecureConnection;

        public MqttPacketFormatterAdapter PacketFormatterAdapter => inner.PacketFormatterAdapter;

        public Task ConnectAsync(CancellationToken cancellationToken) => inner.ConnectAsync(cancellationToken);

        public Task DisconnectAsync(CancellationToken cancellationToken) => inner.DisconnectAsync(cancellationToken);

        public async Task<MqttPacket> ReceivePacketAsync(CancellationToken cancellationToken)
        {
            var packet = await inner.ReceivePacketAsync(cancellationToken).ConfigureAwait(false);
            if (!_connectSeen)
            {
                // The first packet is the CONNECT (MQTTnet refuses the connection otherwise); the formatter knows the version once it is read.
                _connectSeen = true;
                if (packet is MqttConnectPacket { CleanSession: true } connect && string.IsNullOrEmpty(connect.ClientId)
                    && inner.PacketFormatterAdapter.ProtocolVersion == MqttProtocolVersion.V311)
                {
                    connect.ClientId = NewClientId();
                }
            }

            return packet;
        }

        public void ResetStatistics() => inner.ResetStatistics();

        public Task SendPacketAsync(MqttPacket packet, CancellationToken cancellationToken) => inner.SendPacketAsync(packet, cancellationToken);

        public void Dispose() => inner.Dispose();
    }
}

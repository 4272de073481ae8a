using System.Net;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Topics;

namespace EdgeVision.Broker;

/// <summary>The embedded broker (<c>Broker</c> section), validated at start by <see cref="Validate"/>.</summary>
public sealed class BrokerOptions
{
    public const string SectionName = "Broker";

    /// <summary>MQTT's own limit: the remaining length of a packet fits in four bytes of variable-length integer.</summary>
    public const int MqttMaxPacketSize = 268_435_455;

    /// <summary>Upper bound of <see cref="MaxSessionExpirySeconds"/>: 30 days.</summary>
    public const int MaxSessionExpiryLimitSeconds = 30 * 24 * 3600;

    /// <summary>
    /// IPv4 or IPv6 address to listen on. Loopback by default so a local run is not reachable from the network;
    /// containers set <c>0.0.0.0</c>.
    /// </summary>
    public string BindAddress { get; set; } = "127.0.0.1";

    /// <summary>
    /// TCP port of the clear-text listener; 0 picks a free one (tests), readable from <see cref="MqttBrokerService.LocalEndPoint"/>.
    /// Not opened when <see cref="BrokerTlsOptions.Only"/> is set.
    /// </summary>
    public int Port { get; set; } = 1883;

    /// <summary>The TLS listener (<c>Broker:Tls</c>), off by default.</summary>
    public BrokerTlsOptions Tls { get; set; } = new();

    /// <summary>
    /// Messages queued for one subscriber, connected and slow or away with a kept session; further messages to it are
    /// dropped, counted (<c>edgevision.broker.messages.dropped</c>, reason <c>queue_full</c>) and logged. The newest
    /// are the ones dropped: MQTTnet's drop-oldest strategy leaves each QoS 1 message it drops in the session's
    /// unacknowledged list, which then grows without bound and is sent again when the client resumes the session.
    /// </summary>
    public int MaxPendingMessagesPerClient { get; set; } = 1000;

    /// <summary>
    /// Longest a session is kept for a client that is away, whatever it asked for (MQTT 5 session expiry, or an MQTT
    /// 3.1.1 client without clean session, whose session has no expiry of its own). A silo that restarts within it
    /// resumes its session and gets what was queued for it meanwhile.
    /// </summary>
    public int MaxSessionExpirySeconds { get; set; } = 3600;

    /// <summary>
    /// Largest accepted payload in bytes. Sequences are ~300 KB (16 JPEG frames); the default leaves room for raw
    /// RGB24 sequences of small frames.
    /// </summary>
    public int MaxMessageBytes { get; set; } = 8 * 1024 * 1024;

    /// <summary>
    /// MQTT accounts. Empty: anonymous local mode, every client may do anything. Otherwise every client must log in
    /// with one of these and the topic ACL applies.
    /// </summary>
    public List<BrokerUser> Users { get; set; } = [];

    /// <summary>Every problem with these options, each naming its key under <paramref name="section"/>.</summary>
    public IReadOnlyList<string> Validate(string section = SectionName)
    {
        var errors = new ValidationErrors(section);
        if (!IPAddress.TryParse(BindAddress, out _))
        {
            errors.Add(nameof(BindAddress), $"must be an IPv4 or IPv6 address such as 127.0.0.1 or 0.0.0.0 (was '{BindAddress}').");
        }

        if (Port is < 0 or > IPEndPoint.MaxPort)
        {
            errors.Add(nameof(Port), $"must be between 0 (pick a free port) and {IPEndPoint.MaxPort} (was {Port}).");
        }

        if (MaxPendingMessagesPerClient < 1)
        {
            errors.Add(nameof(MaxPendingMessagesPerClient), $"must be at least 1 (was {MaxPendingMessagesPerClient}).");
        }

        if (MaxSessionExpirySeconds is < 1 or > MaxSessionExpiryLimitSeconds)
        {
            errors.Add(nameof(MaxSessionExpirySeconds), $"must be between 1 and {MaxSessionExpiryLimitSeconds} seconds (30 days) (was {MaxSessionExpirySeconds}).");
        }

        if (MaxMessageBytes is < 1024 or > MqttMaxPacketSize)
        {
            errors.Add(nameof(MaxMessageBytes), $"must be between 1024 and {MqttMaxPacketSize} bytes (was {MaxMessageBytes}).");
        }

        if (Tls is { Enabled: true, Only: false } && Port != 0 && Port == Tls.Port)
        {
            errors.Add($"{nameof(Tls)}:{nameof(Tls.Port)}", $"must differ from {errors.Key(nameof(Port))}, the clear-text listener's port (both were {Port}).");
        }

        ValidateUsers(errors);
        return [.. errors.Errors, .. Tls.Validate(errors.Key(nameof(Tls)))];
    }

    private void ValidateUsers(ValidationErrors errors)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < Users.Count; i++)
        {
            var user = Users[i];
            var key = $"{nameof(Users)}:{i}";

            if (string.IsNullOrWhiteSpace(user.Username))
            {
                errors.Add($"{key}:{nameof(user.Username)}", "must not be empty.");
            }
            else if (!seen.Add(user.Username))
            {
                errors.Add($"{key}:{nameof(user.Username)}", $"'{user.Username}' is configured more than once.");
            }

            if (string.IsNullOrEmpty(user.Password))
            {
                errors.Add($"{key}:{nameof(user.Password)}", "must not be empty.");
            }

            if (user.Role == BrokerRole.Unspecified || !Enum.IsDefined(user.Role))
            {
                errors.Add($"{key}:{nameof(user.Role)}", $"must be one of Camera, Silo, Subscriber, Admin (was '{user.Role}').");
            }

            if (user.Role == BrokerRole.Camera)
            {
                if (Identifiers.Explain(user.Site) is { } siteProblem)
                {
                    errors.Add($"{key}:{nameof(user.Site)}", $"{siteProblem}: a camera account owns one site's camera.");
                }

                if (Identifiers.Explain(user.Camera) is { } cameraProblem)
                {
                    errors.Add($"{key}:{nameof(user.Camera)}", $"{cameraProblem}: a camera account owns one camera.");
                }
            }
            else if (user.Site is not null || user.Camera is not null)
            {
                // A silo with a camera set looks scoped but is not: refuse the ambiguity.
                errors.Add($"{key}:{nameof(user.Site)}/{nameof(user.Camera)}", $"apply to Camera accounts only (role is {user.Role}).");
            }
        }
    }
}

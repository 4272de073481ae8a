namespace EdgeVision.Contracts.Topics;

/// <summary>
/// The MQTT topic scheme: <c>edgevision/{site}/{camera}/{sequences|results|status|control|latency|drops|preview}</c>.
/// Site and camera ids follow <see cref="Identifiers"/>. Silos announce themselves on <c>edgevision/_silos/{siloId}</c>
/// (<see cref="SiloStatus"/>): three levels, so no <c>edgevision/+/+/{kind}</c> filter matches it, and <c>_silos</c> is not
/// a valid site id, so <see cref="TryParse"/> never mistakes it for a camera's topic.
/// </summary>
public static class MqttTopics
{
    public const string Root = "edgevision";

    /// <summary>The level under <see cref="Root"/> that holds the silos' status topics; not a valid site id.</summary>
    public const string SilosLevel = "_silos";

    private const string SingleLevelWildcard = "+";

    /// <summary>A silo's retained status topic: <c>edgevision/_silos/{siloId}</c>.</summary>
    public static string SiloStatus(string siloId) => $"{Root}/{SilosLevel}/{Identifiers.Require(siloId, nameof(siloId))}";

    /// <summary>Every silo's status: <c>edgevision/_silos/+</c>.</summary>
    public static string SiloStatusFilter { get; } = $"{Root}/{SilosLevel}/{SingleLevelWildcard}";

    /// <summary>Parses a concrete silo status topic; false for anything else.</summary>
    public static bool TryParseSiloStatus(string? topic, out string siloId)
    {
        siloId = string.Empty;
        var parts = topic?.Split('/');
        if (parts is not { Length: 3 } || parts[0] != Root || parts[1] != SilosLevel || !Identifiers.IsValid(parts[2]))
        {
            return false;
        }

        siloId = parts[2];
        return true;
    }

    public static string Build(string site, string camera, TopicKind kind) =>
        $"{Root}/{Identifiers.Require(site, nameof(site))}/{Identifiers.Require(camera, nameof(camera))}/{Segment(kind)}";

    /// <summary>
    /// Parses a concrete topic (no wildcards). Rejects other roots, empty segments, invalid ids, unknown
    /// kinds and extra levels.
    /// </summary>
    public static bool TryParse(string? topic, out CameraTopic parsed)
    {
        parsed = default;
        if (string.IsNullOrEmpty(topic))
        {
            return false;
        }

        var parts = topic.Split('/');
        if (parts.Length != 4 || parts[0] != Root
            || !Identifiers.IsValid(parts[1]) || !Identifiers.IsValid(parts[2])
            || !TryParseKind(parts[3], out var kind))
        {
            return false;
        }

        parsed = new CameraTopic(parts[1], parts[2], kind);
        return true;
    }

    /// <summary>
    /// A subscription filter for one kind: every camera of every site, every camera of one site, or one camera.
    /// </summary>
    public static string Filter(TopicKind kind, string? site = null, string? camera = null)
    {
        if (camera is not null && site is null)
        {
            throw new ArgumentException("A camera filter needs its site.", nameof(camera));
        }

        var siteSegment = site is null ? SingleLevelWildcard : Identifiers.Require(site, nameof(site));
        var cameraSegment = camera is null ? SingleLevelWildcard : Identifiers.Require(camera, nameof(camera));
        return $"{Root}/{siteSegment}/{cameraSegment}/{Segment(kind)}";
    }

    /// <summary>
    /// An MQTT 5 shared subscription (<c>$share/{group}/{filter}</c>): the broker gives each message to one
    /// subscriber of the group, so several silos split the cameras' sequences between them.
    /// </summary>
    public static string SharedFilter(string group, TopicKind kind, string? site = null) =>
        $"$share/{Identifiers.Require(group, nameof(group))}/{Filter(kind, site)}";

    public static string Segment(TopicKind kind) => kind switch
    {
        TopicKind.Sequences => "sequences",
        TopicKind.Results => "results",
        TopicKind.Status => "status",
        TopicKind.Control => "control",
        TopicKind.Latency => "latency",
        TopicKind.Preview => "preview",
        TopicKind.Drops => "drops",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "Unknown topic kind."),
    };

    public static bool TryParseKind(string segment, out TopicKind kind)
    {
        (var known, kind) = segment switch
        {
            "sequences" => (true, TopicKind.Sequences),
            "results" => (true, TopicKind.Results),
            "status" => (true, TopicKind.Status),
            "control" => (true, TopicKind.Control),
            "latency" => (true, TopicKind.Latency),
            "preview" => (true, TopicKind.Preview),
            "drops" => (true, TopicKind.Drops),
            _ => (false, default),
        };
        return known;
    }
}

namespace EdgeVision.Contracts.Topics;

/// <summary>The last segment of a camera topic: what travels on it.</summary>
public enum TopicKind
{
    /// <summary>Edge to silo: protobuf frame sequences.</summary>
    Sequences,

    /// <summary>Silo to anyone: JSON inference results.</summary>
    Results,

    /// <summary>Edge to anyone: retained JSON online/offline status (MQTT last will).</summary>
    Status,

    /// <summary>Silo to edge: JSON control messages (fps, resolution, frame skipping).</summary>
    Control,

    /// <summary>Silo to anyone: retained JSON latency report (what the camera's latency is bound by); changes nothing at the edge.</summary>
    Latency,

    /// <summary>Edge to anyone: retained JPEG thumbnail of what the camera sees (low rate, bounded size; off unless enabled).</summary>
    Preview,
    /// <summary>Silo to edge (and anyone): JSON notice of each sequence a silo dropped after accepting it, with the reason.</summary>
    Drops,
}

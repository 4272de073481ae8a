namespace EdgeVision.Cli.Cluster;

/// <summary>
/// Where a <c>--cluster</c> run publishes and reads (validated by <see cref="ClusterOptions"/>): the broker and its
/// credentials as the edge agent takes them, the camera this run poses as, and how long to wait for results.
/// </summary>
internal sealed record ClusterSettings
{
    public required string Host { get; init; }

    public required int Port { get; init; }

    public string? Username { get; init; }

    public string? Password { get; init; }

    public bool UseTls { get; init; }

    public string? CaFile { get; init; }

    public required string Site { get; init; }

    public required string Camera { get; init; }

    /// <summary>How long results are awaited after the last sequence was acknowledged by the broker.</summary>
    public TimeSpan ResultTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Silos' Prometheus endpoints to read the camera's drop counters from; empty for none.</summary>
    public IReadOnlyList<Uri> SiloMetrics { get; init; } = [];

    public string Broker => Host.Contains(':', StringComparison.Ordinal) ? $"[{Host}]:{Port}" : $"{Host}:{Port}";
}

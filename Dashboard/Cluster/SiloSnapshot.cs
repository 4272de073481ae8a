using EdgeVision.Contracts.Wire.Json;

namespace EdgeVision.Dashboard.Cluster;

/// <summary>A silo's latest status as the Dashboard holds it.</summary>
/// <param name="SecondsSinceStatus">Since the status arrived.</param>
/// <param name="Silent">Online by its last word, yet nothing for <see cref="SiloStore.SilentAfterIntervals"/> of its intervals.</param>
public sealed record SiloSnapshot(SiloStatus Status, DateTimeOffset ReceivedAt, double SecondsSinceStatus, bool Silent);

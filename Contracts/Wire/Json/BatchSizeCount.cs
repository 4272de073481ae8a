namespace EdgeVision.Contracts.Wire.Json;

/// <summary>How many sequences a silo served in forward passes of <paramref name="Size"/> sequences (<see cref="SiloStatus.BatchSizes"/>).</summary>
public sealed record BatchSizeCount(int Size, long Sequences);

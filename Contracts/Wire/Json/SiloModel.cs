namespace EdgeVision.Contracts.Wire.Json;

/// <summary>One model a silo serves (<see cref="SiloStatus.Models"/>): its catalog key, kind, version and device.</summary>
public sealed record SiloModel(string Key, string Kind, string Version, string Device);

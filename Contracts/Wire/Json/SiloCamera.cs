namespace EdgeVision.Contracts.Wire.Json;

/// <summary>One camera a silo serves (<see cref="SiloStatus.Cameras"/>).</summary>
/// <param name="Stalled">Its sequences keep arriving and none produced a result for <c>Silo:Cameras:StallSeconds</c>.</param>
/// <param name="Model">The model of its latest result; null before one.</param>
/// <param name="ModelVersion">That model's version; null before a result.</param>
/// <param name="LastResultAt">When its latest result left; null before one.</param>
public sealed record SiloCamera(string Site, string Camera, bool Stalled, string? Model = null, string? ModelVersion = null, DateTimeOffset? LastResultAt = null);

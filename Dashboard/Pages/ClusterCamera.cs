using EdgeVision.Contracts.Wire.Json;
using EdgeVision.Dashboard.State;

namespace EdgeVision.Dashboard.Pages;

/// <summary>A camera a silo serves: what the silo says of it, and what the Dashboard knows of it (null for a camera it has not heard from).</summary>
public sealed record ClusterCamera(SiloCamera Served, CameraSnapshot? Camera, CameraConcern Concern);

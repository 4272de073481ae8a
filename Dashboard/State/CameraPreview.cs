namespace EdgeVision.Dashboard.State;

/// <summary>A camera's latest preview: the JPEG as the edge published it, a version that changes with each, and when it arrived.</summary>
public sealed record CameraPreview(byte[] Jpeg, long Version, DateTimeOffset ReceivedAt)
{
    /// <summary>The HTTP entity tag of this preview.</summary>
    public string ETag => $"\"{Version}\"";
}

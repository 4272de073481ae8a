namespace EdgeVision.Dashboard.State;

/// <summary>One camera: the <c>{site}/{camera}</c> segments of its topics.</summary>
public readonly record struct CameraId(string Site, string Camera)
{
    public override string ToString() => $"{Site}/{Camera}";
}

namespace EdgeVision.Inference.Models;

/// <summary>The model kinds <see cref="VideoModelFactory"/> builds (the guide's names).</summary>
public static class VideoModelKinds
{
    public const string ConvLstm = "convlstm";
    public const string Conv3d = "conv3d";
    public const string Transformer = "transformer";
    public const string Hybrid = "hybrid";

    public static IReadOnlyList<string> All { get; } = [ConvLstm, Conv3d, Transformer, Hybrid];
}

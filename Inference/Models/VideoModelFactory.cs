using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Inference.Models;

/// <summary>Builds a temporal video model by kind (the guide's <c>create_video_model</c>).</summary>
public static class VideoModelFactory
{
    /// <summary>
    /// Builds <paramref name="kind"/> (case-insensitive: convlstm, conv3d, transformer, hybrid) from a validated
    /// <paramref name="config"/>. <paramref name="fusion"/> only matters for the hybrid.
    /// </summary>
    /// <exception cref="ArgumentException">The configuration is invalid (every problem listed) or the kind is unknown.</exception>
    public static IVideoModel Create(string kind, VideoModelConfig config, FusionMode fusion = FusionMode.Weighted)
    {
        ArgumentNullException.ThrowIfNull(kind);
        ArgumentNullException.ThrowIfNull(config);
        var errors = config.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException($"Invalid model configuration: {string.Join(" ", errors)}", nameof(config));
        }

        return kind.Trim().ToLowerInvariant() switch
        {
            VideoModelKinds.ConvLstm => new ConvLstmModel(config),
            VideoModelKinds.Conv3d => new Conv3dModel(config),
            VideoModelKinds.Transformer => new VideoTransformerModel(config),
            VideoModelKinds.Hybrid => new HybridVideoModel(config, fusion),
            _ => throw new ArgumentException(
                $"Unknown model kind '{kind}'. Valid kinds: {string.Join(", ", VideoModelKinds.All)}.", nameof(kind)),
        };
    }
}

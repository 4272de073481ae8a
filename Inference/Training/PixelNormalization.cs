using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Inference.Training;

/// <summary>Per-channel (R, G, B) mean and standard deviation in [0, 1] pixel units: x' = (x / 255 - mean) / std.</summary>
public sealed record PixelNormalization
{
    public PixelNormalization(IReadOnlyList<double> mean, IReadOnlyList<double> std)
    {
        ArgumentNullException.ThrowIfNull(mean);
        ArgumentNullException.ThrowIfNull(std);
        if (mean.Count != 3 || std.Count != 3 || std.Any(s => !(s > 0)))
        {
            throw new ArgumentException("Mean and std need three values (R, G, B), each std above 0.");
        }

        Mean = [.. mean];
        Std = [.. std];
    }

    public IReadOnlyList<double> Mean { get; }

    public IReadOnlyList<double> Std { get; }

    /// <summary>ImageNet's statistics, what <see cref="VideoConfig"/> defaults to.</summary>
    public static PixelNormalization ImageNet { get; } = From(new VideoConfig());

    /// <summary>Pixels scaled to [0, 1] and left there.</summary>
    public static PixelNormalization None { get; } = new([0, 0, 0], [1, 1, 1]);

    /// <summary>What the silo applies for <paramref name="config"/> (identity when it turns normalisation off).</summary>
    public static PixelNormalization From(VideoConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return config.Normalize ? new PixelNormalization(config.Mean, config.Std) : None;
    }
}

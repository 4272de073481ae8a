using System.Buffers;

namespace EdgeVision.Contracts.Wire;

/// <summary>The ranges of <c>PreprocessingParameters</c> in <c>sequence.proto</c>.</summary>
internal static class PreprocessingValidator
{
    private const int MaxInterpolationLength = 32;

    private static readonly SearchValues<char> NameCharacters =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_");

    public static DecodeFailure? Validate(PreprocessingParameters? p, PixelFormat format)
    {
        var problem = p is null ? "are missing" : Explain(p, format);
        return problem is null ? null : new DecodeFailure(DecodeFailureReason.InvalidParameters, $"Preprocessing parameters {problem}.");
    }

    private static string? Explain(PreprocessingParameters p, PixelFormat format)
    {
        if (!float.IsFinite(p.TargetFps) || p.TargetFps <= 0 || p.TargetFps > 1000)
        {
            return $"have target fps {p.TargetFps}; must be > 0 and <= 1000";
        }

        if (p.FrameSkip is < 0 or > 1000)
        {
            return $"have frame skip {p.FrameSkip}; must be 0 to 1000";
        }

        if (p.Stride is < 1 or > 1000)
        {
            return $"have stride {p.Stride}; must be 1 to 1000";
        }

        if (p.Mean.IsDefault || p.Mean.Length != 3 || p.Std.IsDefault || p.Std.Length != 3)
        {
            return $"have {(p.Mean.IsDefault ? 0 : p.Mean.Length)} mean and {(p.Std.IsDefault ? 0 : p.Std.Length)} std values; must be 3 each (R, G, B)";
        }

        foreach (var mean in p.Mean)
        {
            if (!float.IsFinite(mean))
            {
                return $"have mean {mean}; must be finite";
            }
        }

        foreach (var std in p.Std)
        {
            if (!float.IsFinite(std) || std <= 0)
            {
                return $"have std {std}; must be finite and > 0";
            }
        }

        if (p.SourceWidth is < 1 or > 65535 || p.SourceHeight is < 1 or > 65535)
        {
            return $"have source size {p.SourceWidth}x{p.SourceHeight}; each side must be 1 to 65535";
        }

        if (!IsName(p.Interpolation))
        {
            return $"have interpolation '{p.Interpolation}'; must be 1 to {MaxInterpolationLength} ASCII letters, digits, '-' or '_'";
        }

        var (low, high) = format == PixelFormat.Jpeg ? (1, 100) : (0, 0);
        return p.JpegQuality < low || p.JpegQuality > high
            ? $"have JPEG quality {p.JpegQuality}; must be {low} to {high} for {format}"
            : p.Nominal?.Explain() is { } nominal ? $"have {nominal}" : null;
    }

    private static bool IsName(string? name) =>
        !string.IsNullOrEmpty(name) && name.Length <= MaxInterpolationLength
        && name.AsSpan().IndexOfAnyExcept(NameCharacters) < 0;
}

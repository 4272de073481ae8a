using System.Collections.Immutable;
using System.Text;

namespace EdgeVision.Contracts.Wire;

/// <summary>
/// How the edge sampled and resized the frames of a <see cref="FrameSequence"/>, and how the silo normalizes
/// them. Ranges are documented in <c>sequence.proto</c> and enforced by <see cref="SequenceCodec.Validate"/>.
/// </summary>
/// <param name="Nominal">The camera's configured size and frame skip (what the latency controller restores towards); null when the edge did not send them.</param>
public sealed record PreprocessingParameters(
    float TargetFps,
    int FrameSkip,
    int Stride,
    bool Normalize,
    ImmutableArray<float> Mean,
    ImmutableArray<float> Std,
    int SourceWidth,
    int SourceHeight,
    string Interpolation,
    int JpegQuality,
    NominalSettings? Nominal = null)
{
    // The compiler's record equality compares ImmutableArray by reference; a decoded copy must equal its source.
    public bool Equals(PreprocessingParameters? other) =>
        other is not null
        && TargetFps.Equals(other.TargetFps)
        && FrameSkip == other.FrameSkip
        && Stride == other.Stride
        && Normalize == other.Normalize
        && ContentEquality.SequenceEqual(Mean, other.Mean)
        && ContentEquality.SequenceEqual(Std, other.Std)
        && SourceWidth == other.SourceWidth
        && SourceHeight == other.SourceHeight
        && Interpolation == other.Interpolation
        && JpegQuality == other.JpegQuality
        && Equals(Nominal, other.Nominal);

    public override int GetHashCode() =>
        HashCode.Combine(TargetFps, FrameSkip, Stride, Normalize, SourceWidth, SourceHeight, Interpolation, JpegQuality);

    private bool PrintMembers(StringBuilder builder)
    {
        builder.Append($"TargetFps = {TargetFps}, FrameSkip = {FrameSkip}, Stride = {Stride}, Normalize = {Normalize}, ");
        builder.Append($"Mean = [{(Mean.IsDefault ? string.Empty : string.Join(", ", Mean))}], Std = [{(Std.IsDefault ? string.Empty : string.Join(", ", Std))}], ");
        builder.Append($"SourceWidth = {SourceWidth}, SourceHeight = {SourceHeight}, Interpolation = {Interpolation}, JpegQuality = {JpegQuality}, ");
        builder.Append($"Nominal = {Nominal?.ToString() ?? "none"}");
        return true;
    }
}

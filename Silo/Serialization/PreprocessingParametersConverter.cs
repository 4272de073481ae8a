using EdgeVision.Contracts.Wire;

namespace EdgeVision.Silo.Serialization;

/// <summary>How Orleans carries the <see cref="PreprocessingParameters"/> of a <see cref="FrameSequence"/> between silos.</summary>
[RegisterConverter]
internal sealed class PreprocessingParametersConverter : IConverter<PreprocessingParameters, PreprocessingParametersSurrogate>
{
    public PreprocessingParameters ConvertFromSurrogate(in PreprocessingParametersSurrogate surrogate) =>
        new(surrogate.TargetFps, surrogate.FrameSkip, surrogate.Stride, surrogate.Normalize, surrogate.Mean, surrogate.Std,
            surrogate.SourceWidth, surrogate.SourceHeight, surrogate.Interpolation, surrogate.JpegQuality, surrogate.Nominal);

    public PreprocessingParametersSurrogate ConvertToSurrogate(in PreprocessingParameters value) =>
        new(value.TargetFps, value.FrameSkip, value.Stride, value.Normalize, value.Mean, value.Std,
            value.SourceWidth, value.SourceHeight, value.Interpolation, value.JpegQuality, value.Nominal);
}

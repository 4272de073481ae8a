using System.Collections.Immutable;
using EdgeVision.Contracts.Wire;

namespace EdgeVision.Silo.Serialization;

/// <summary><see cref="PreprocessingParameters"/> as Orleans writes it between silos (<see cref="PreprocessingParametersConverter"/>).</summary>
[GenerateSerializer, Immutable, Alias("edgevision.wire.PreprocessingParameters")]
internal readonly record struct PreprocessingParametersSurrogate(
    [property: Id(0)] float TargetFps,
    [property: Id(1)] int FrameSkip,
    [property: Id(2)] int Stride,
    [property: Id(3)] bool Normalize,
    [property: Id(4)] ImmutableArray<float> Mean,
    [property: Id(5)] ImmutableArray<float> Std,
    [property: Id(6)] int SourceWidth,
    [property: Id(7)] int SourceHeight,
    [property: Id(8)] string Interpolation,
    [property: Id(9)] int JpegQuality,
    [property: Id(10)] NominalSettings? Nominal);

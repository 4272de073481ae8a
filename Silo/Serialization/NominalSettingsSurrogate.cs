using EdgeVision.Contracts.Wire;

namespace EdgeVision.Silo.Serialization;

/// <summary><see cref="NominalSettings"/> as Orleans writes it in <see cref="PreprocessingParameters"/> (<see cref="NominalSettingsConverter"/>).</summary>
[GenerateSerializer, Immutable, Alias("edgevision.wire.NominalSettings")]
internal readonly record struct NominalSettingsSurrogate(
    [property: Id(0)] int Width,
    [property: Id(1)] int Height,
    [property: Id(2)] int FrameSkip);

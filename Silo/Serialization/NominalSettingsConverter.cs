using EdgeVision.Contracts.Wire;

namespace EdgeVision.Silo.Serialization;

/// <summary>How Orleans carries a camera's <see cref="NominalSettings"/> in the preprocessing of its sequences.</summary>
[RegisterConverter]
internal sealed class NominalSettingsConverter : IConverter<NominalSettings, NominalSettingsSurrogate>
{
    public NominalSettings ConvertFromSurrogate(in NominalSettingsSurrogate surrogate) =>
        new(surrogate.Width, surrogate.Height, surrogate.FrameSkip);

    public NominalSettingsSurrogate ConvertToSurrogate(in NominalSettings value) =>
        new(value.Width, value.Height, value.FrameSkip);
}

using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Contracts.Wire;

/// <summary>
/// What a silo accepts from an edge. The size limit is checked before parsing, so a hostile or broken
/// publisher costs at most one length comparison. Defaults fit 64 JPEG frames of 1080p comfortably and a
/// 16-frame RGB24 clip at 224x224 (2.4 MB) with room to spare. The silo binds them from <c>Silo:SequenceLimits</c>.
/// </summary>
public sealed record SequenceLimits
{
    /// <summary>The defaults: 8 MiB, 64 frames, 4096x4096.</summary>
    public static SequenceLimits Default { get; } = new();

    /// <summary>Largest payload accepted, in bytes (default 8 MiB; MQTT allows 256 MB, brokers usually less).</summary>
    public int MaxMessageBytes { get; init; } = 8 * 1024 * 1024;

    /// <summary>Most frames in one sequence (default 64; video models take 8 to 32).</summary>
    public int MaxFrames { get; init; } = 64;

    /// <summary>Widest frame accepted, in pixels (default 4096).</summary>
    public int MaxWidth { get; init; } = 4096;

    /// <summary>Tallest frame accepted, in pixels (default 4096).</summary>
    public int MaxHeight { get; init; } = 4096;

    /// <summary>Every problem with these limits, each naming its key under <paramref name="section"/> (bare when empty).</summary>
    public IReadOnlyList<string> Validate(string section = "")
    {
        var errors = new ValidationErrors(section);
        Positive(errors, nameof(MaxMessageBytes), MaxMessageBytes);
        Positive(errors, nameof(MaxFrames), MaxFrames);
        Positive(errors, nameof(MaxWidth), MaxWidth);
        Positive(errors, nameof(MaxHeight), MaxHeight);
        return errors.Errors;
    }

    private static void Positive(ValidationErrors errors, string name, int value)
    {
        if (value <= 0)
        {
            errors.Add(name, $"must be greater than 0 (was {value}).");
        }
    }
}

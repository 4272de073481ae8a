using EdgeVision.Contracts.Topics;

namespace EdgeVision.Contracts.Wire.Json;

/// <summary>Range checks shared by the JSON message validators; each returns null when the value is fine.</summary>
internal static class FieldRules
{
    public static DecodeFailure? Ids(string? site, string? camera) =>
        Identifiers.Explain(site) is { } s ? new DecodeFailure(DecodeFailureReason.InvalidIds, $"site {s}.")
        : Identifiers.Explain(camera) is { } c ? new DecodeFailure(DecodeFailureReason.InvalidIds, $"camera {c}.")
        : null;

    public static string? Text(string name, string? value, int maxLength, bool required = true) =>
        value is null ? required ? $"{name} is required" : null
        : value.Length > maxLength ? $"{name} must be at most {maxLength} characters (was {value.Length})"
        : required && string.IsNullOrWhiteSpace(value) ? $"{name} must not be blank"
        : null;

    public static string? Range(string name, double value, double min, double max) =>
        double.IsFinite(value) && value >= min && value <= max ? null : $"{name} must be {min} to {max} (was {value})";

    public static string? Range(string name, long value, long min, long max) =>
        value >= min && value <= max ? null : $"{name} must be {min} to {max} (was {value})";

    public static string? First(params ReadOnlySpan<string?> problems)
    {
        foreach (var problem in problems)
        {
            if (problem is not null)
            {
                return problem;
            }
        }

        return null;
    }
}

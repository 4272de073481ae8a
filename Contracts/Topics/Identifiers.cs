namespace EdgeVision.Contracts.Topics;

/// <summary>
/// Site and camera ids. They become MQTT topic segments, metric tags and grain keys, so they are kept to a
/// safe alphabet: 1 to 64 characters of ASCII letters, digits, '-' and '_', starting with a letter or digit.
/// That excludes MQTT wildcards ('+', '#'), the level separator ('/'), system topics ('$'), spaces and
/// anything that needs escaping in Prometheus labels or file names.
/// </summary>
public static class Identifiers
{
    public const int MaxLength = 64;

    public static bool IsValid(string? id)
    {
        if (string.IsNullOrEmpty(id) || id.Length > MaxLength || !char.IsAsciiLetterOrDigit(id[0]))
        {
            return false;
        }

        foreach (var c in id)
        {
            if (!char.IsAsciiLetterOrDigit(c) && c != '-' && c != '_')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>Why <paramref name="id"/> is not a valid id, or null when it is.</summary>
    public static string? Explain(string? id) => id switch
    {
        null or "" => "must not be empty",
        { Length: > MaxLength } => $"must be at most {MaxLength} characters (was {id.Length})",
        _ when !char.IsAsciiLetterOrDigit(id[0]) => $"must start with an ASCII letter or digit (was '{id}')",
        _ when !IsValid(id) => $"may contain only ASCII letters, digits, '-' and '_' (was '{id}')",
        _ => null,
    };

    /// <summary>Throws <see cref="ArgumentException"/> naming <paramref name="paramName"/> when invalid.</summary>
    public static string Require(string? id, string paramName) =>
        Explain(id) is { } problem ? throw new ArgumentException($"{paramName} {problem}.", paramName) : id!;
}

using System.Globalization;

namespace EdgeVision.Contracts.Configuration;

/// <summary>
/// Collects configuration problems, each prefixed with the configuration key to fix
/// (<c>Edge:Video:TargetWidth must be ...</c>), so one run reports every bad value at once.
/// </summary>
public sealed class ValidationErrors(string section)
{
    private readonly List<string> _errors = [];

    public IReadOnlyList<string> Errors => _errors;

    public string Key(string property) => string.IsNullOrEmpty(section) ? property : $"{section}:{property}";

    public void Add(string property, string problem) => _errors.Add($"{Key(property)} {problem}");

    public void Range(string property, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            Add(property, $"must be between {min} and {max} (was {value}).");
        }
    }

    public void Range(string property, double value, double min, double max)
    {
        if (!double.IsFinite(value) || value < min || value > max)
        {
            Add(property, $"must be between {Format(min)} and {Format(max)} (was {Format(value)}).");
        }
    }

    public void Positive(string property, double value, double max)
    {
        if (!double.IsFinite(value) || value <= 0 || value > max)
        {
            Add(property, $"must be greater than 0 and at most {Format(max)} (was {Format(value)}).");
        }
    }

    /// <summary>A per-channel triple such as mean or std; checks each element with <paramref name="element"/>.</summary>
    public void Triple(string property, double[]? values, Func<double, bool> element, string elementRule)
    {
        if (values is not { Length: 3 })
        {
            Add(property, $"must have exactly 3 values, one per RGB channel (had {values?.Length ?? 0}).");
            return;
        }

        for (var i = 0; i < values.Length; i++)
        {
            if (!double.IsFinite(values[i]) || !element(values[i]))
            {
                Add($"{property}:{i}", $"{elementRule} (was {Format(values[i])}).");
            }
        }
    }

    internal static string Format(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}

using System.CommandLine;

namespace EdgeVision.Cli.CommandLine;

/// <summary>Option builders with the validation every command wants.</summary>
internal static class CommandOptions
{
    public static Option<int> Positive(string name, int defaultValue, string description)
    {
        var option = new Option<int>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int>() <= 0)
            {
                result.AddError($"{name} must be a positive whole number (was {result.GetValueOrDefault<int>()}).");
            }
        });
        return option;
    }

    /// <summary>A string option limited to <paramref name="choices"/>; a wrong value is an error listing them.</summary>
    public static Option<string> Choice(string name, IReadOnlyList<string> choices, string description, bool required = false, string? defaultValue = null)
    {
        var option = new Option<string>(name)
        {
            Description = $"{description} One of: {string.Join(", ", choices)}.",
            Required = required,
        };
        if (defaultValue is not null)
        {
            option.DefaultValueFactory = _ => defaultValue;
        }

        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && !choices.Contains(value, StringComparer.OrdinalIgnoreCase))
            {
                result.AddError($"Unknown {name.TrimStart('-')} '{value}'. Valid choices: {string.Join(", ", choices)}.");
            }
        });
        return option;
    }
}

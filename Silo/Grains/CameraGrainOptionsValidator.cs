using System.Globalization;
using Microsoft.Extensions.Options;

namespace EdgeVision.Silo.Grains;

/// <summary>Reports every invalid <see cref="CameraGrainOptions"/> value, each naming the configuration key to fix.</summary>
internal sealed class CameraGrainOptionsValidator : IValidateOptions<CameraGrainOptions>
{
    private const string Section = CameraGrainOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, CameraGrainOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DefaultModel))
        {
            failures.Add($"{Section}:{nameof(options.DefaultModel)} must name a model (e.g. conv3d)");
        }

        Range(failures, nameof(options.MaxPendingSequences), options.MaxPendingSequences, 1, 10_000);
        Range(failures, nameof(options.DuplicateWindow), options.DuplicateWindow, 1, 1_000_000);
        Range(failures, nameof(options.TopK), options.TopK, 1, 100);
        Range(failures, nameof(options.StatsWindow), options.StatsWindow, 1, 100_000);
        if (!double.IsFinite(options.StallSeconds) || options.StallSeconds < 1 || options.StallSeconds > 3600)
        {
            failures.Add($"{Section}:{nameof(options.StallSeconds)} must be between 1 and 3600 (was {options.StallSeconds.ToString(CultureInfo.InvariantCulture)})");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Range(List<string> failures, string key, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            failures.Add($"{Section}:{key} must be between {min} and {max} (was {value})");
        }
    }
}

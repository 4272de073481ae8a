using EdgeVision.Contracts.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeVision.Dashboard;

/// <summary>Reports every invalid <see cref="DashboardOptions"/> value, each naming the configuration key to fix.</summary>
public sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var errors = new ValidationErrors(DashboardOptions.SectionName);
        errors.Range(nameof(options.HistorySize), options.HistorySize, 1, 10_000);
        errors.Range(nameof(options.MaxCameras), options.MaxCameras, 1, 100_000);
        errors.Range(nameof(options.RateWindowSeconds), options.RateWindowSeconds, 1, 3600);
        errors.Range(nameof(options.StaleAfterSeconds), options.StaleAfterSeconds, 1, 86_400);
        errors.Range(nameof(options.ChartWindowSeconds), options.ChartWindowSeconds, 60, 3600);
        errors.Range(nameof(options.RefreshIntervalMs), options.RefreshIntervalMs, 100, 60_000);
        errors.Range(nameof(options.MaxMessageBytes), options.MaxMessageBytes, 1024, 16 * 1024 * 1024);
        var failures = options.Mqtt.Validate(errors.Key(nameof(options.Mqtt))).Concat(errors.Errors).ToList();
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}

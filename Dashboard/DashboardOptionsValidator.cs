using EdgeVision.Contracts.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeVision.Dashboard;

/// <summary>Reports every invalid <see cref="DashboardOptions"/> value, each naming the configuration key to fix.</summary>
public sealed class DashboardOptionsValidator : IValidateOptions<DashboardOptions>
{
    public ValidateOptionsResult Validate(string? name, DashboardOptions options)
    {
        var errors = new ValidationErrors(DashboardOptions.SectionName);
        if (string.IsNullOrWhiteSpace(options.BrokerHost) || Uri.CheckHostName(options.BrokerHost) == UriHostNameType.Unknown)
        {
            errors.Add(nameof(options.BrokerHost), $"must be a host name or IP address, e.g. 127.0.0.1 (was '{options.BrokerHost}').");
        }

        errors.Range(nameof(options.BrokerPort), options.BrokerPort, 1, 65535);
        if (options.Password is { Length: > 0 } && string.IsNullOrEmpty(options.Username))
        {
            errors.Add(nameof(options.Password), $"is set but {errors.Key(nameof(options.Username))} is empty.");
        }

        if (options.ClientId is { Length: > 0 } clientId && (clientId.Length > 128 || clientId.Any(char.IsControl)))
        {
            errors.Add(nameof(options.ClientId), $"must be at most 128 printable characters (was '{clientId}').");
        }

        errors.Range(nameof(options.HistorySize), options.HistorySize, 1, 10_000);
        errors.Range(nameof(options.MaxCameras), options.MaxCameras, 1, 100_000);
        errors.Range(nameof(options.RateWindowSeconds), options.RateWindowSeconds, 1, 3600);
        errors.Range(nameof(options.StaleAfterSeconds), options.StaleAfterSeconds, 1, 86_400);
        errors.Range(nameof(options.RefreshIntervalMs), options.RefreshIntervalMs, 100, 60_000);
        errors.Range(nameof(options.ReconnectMinDelaySeconds), options.ReconnectMinDelaySeconds, 0.01, 3600);
        errors.Range(nameof(options.ReconnectMaxDelaySeconds), options.ReconnectMaxDelaySeconds, 0.01, 3600);
        if (options.ReconnectMaxDelaySeconds < options.ReconnectMinDelaySeconds)
        {
            errors.Add(nameof(options.ReconnectMaxDelaySeconds), $"must not be below {errors.Key(nameof(options.ReconnectMinDelaySeconds))} (was {options.ReconnectMaxDelaySeconds}).");
        }

        errors.Range(nameof(options.MaxMessageBytes), options.MaxMessageBytes, 1024, 16 * 1024 * 1024);
        return errors.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors);
    }
}

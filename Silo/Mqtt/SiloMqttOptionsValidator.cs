using EdgeVision.Contracts.Topics;
using Microsoft.Extensions.Options;

namespace EdgeVision.Silo.Mqtt;

/// <summary>Reports every invalid <see cref="SiloMqttOptions"/> value, each naming the configuration key to fix.</summary>
internal sealed class SiloMqttOptionsValidator : IValidateOptions<SiloMqttOptions>
{
    private const string Section = SiloMqttOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SiloMqttOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Host))
        {
            failures.Add($"{Section}:{nameof(options.Host)} must name the MQTT broker (was empty)");
        }

        Range(failures, nameof(options.Port), options.Port, 1, 65535);
        Range(failures, nameof(options.BufferSize), options.BufferSize, 8 * 1024, 64 * 1024 * 1024);
        Range(failures, nameof(options.IngestionLanes), options.IngestionLanes, 1, 1024);
        Range(failures, nameof(options.LaneCapacity), options.LaneCapacity, 1, 100_000);
        if (options.SessionExpirySeconds is { } expiry)
        {
            Range(failures, nameof(options.SessionExpirySeconds), expiry, 0, 7 * 24 * 3600);
        }

        Range(failures, nameof(options.PublishQueueCapacity), options.PublishQueueCapacity, 1, 10_000_000);
        Range(failures, nameof(options.ReconnectMinDelayMs), options.ReconnectMinDelayMs, 1, 600_000);
        Range(failures, nameof(options.ReconnectMaxDelayMs), options.ReconnectMaxDelayMs, Math.Max(1, options.ReconnectMinDelayMs), 600_000);
        Range(failures, nameof(options.KeepAliveSeconds), options.KeepAliveSeconds, 1, 65535);
        if (options.ClientId is { Length: > 0 } clientId && Identifiers.Explain(clientId) is { } clientProblem)
        {
            failures.Add($"{Section}:{nameof(options.ClientId)} {clientProblem}");
        }

        if (options.SharedSubscriptionGroup is { Length: > 0 } group && Identifiers.Explain(group) is { } groupProblem)
        {
            failures.Add($"{Section}:{nameof(options.SharedSubscriptionGroup)} {groupProblem}");
        }

        if (options.Site is { Length: > 0 } site && Identifiers.Explain(site) is { } siteProblem)
        {
            failures.Add($"{Section}:{nameof(options.Site)} {siteProblem}");
        }

        if (string.IsNullOrEmpty(options.Username) && !string.IsNullOrEmpty(options.Password))
        {
            failures.Add($"{Section}:{nameof(options.Password)} is set but {Section}:{nameof(options.Username)} is empty");
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

using EdgeVision.Contracts.Configuration;
using Microsoft.Extensions.Options;

namespace EdgeVision.Edge.Publishing;

/// <summary>Reports every invalid <see cref="MqttPublisherOptions"/> value, each naming the configuration key to fix.</summary>
public sealed class MqttPublisherOptionsValidator : IValidateOptions<MqttPublisherOptions>
{
    public ValidateOptionsResult Validate(string? name, MqttPublisherOptions options)
    {
        var errors = new ValidationErrors(MqttPublisherOptions.SectionName);
        if (string.IsNullOrWhiteSpace(options.Host) || Uri.CheckHostName(options.Host) == UriHostNameType.Unknown)
        {
            errors.Add(nameof(options.Host), $"must be a host name or IP address, e.g. 127.0.0.1 (was '{options.Host}'); --broker host:port sets it.");
        }

        errors.Range(nameof(options.Port), options.Port, 1, 65535);
        if (options.Password is { Length: > 0 } && string.IsNullOrEmpty(options.Username))
        {
            errors.Add(nameof(options.Password), $"is set but {errors.Key(nameof(options.Username))} is empty.");
        }

        if (options.CaCertificatePath is { Length: > 0 } path)
        {
            if (!options.UseTls)
            {
                errors.Add(nameof(options.CaCertificatePath), $"is set but {errors.Key(nameof(options.UseTls))} is false.");
            }
            else if (!File.Exists(path))
            {
                errors.Add(nameof(options.CaCertificatePath), $"names no file (was '{path}').");
            }
        }

        if (options.AllowUntrustedCertificates && !options.UseTls)
        {
            errors.Add(nameof(options.AllowUntrustedCertificates), $"is set but {errors.Key(nameof(options.UseTls))} is false.");
        }

        if (options.ClientId is { Length: > 0 } clientId && (clientId.Length > 128 || clientId.Any(char.IsControl)))
        {
            errors.Add(nameof(options.ClientId), $"must be at most 128 printable characters (was '{clientId}').");
        }

        errors.Range(nameof(options.KeepAliveSeconds), options.KeepAliveSeconds, 1, 65535);
        errors.Range(nameof(options.OfflineQueueCapacity), options.OfflineQueueCapacity, 1, 100_000);
        errors.Range(nameof(options.MaxInFlight), options.MaxInFlight, 1, 1000);
        errors.Range(nameof(options.ReconnectMinDelaySeconds), options.ReconnectMinDelaySeconds, 0.01, 3600);
        errors.Range(nameof(options.ReconnectMaxDelaySeconds), options.ReconnectMaxDelaySeconds, 0.01, 3600);
        if (options.ReconnectMaxDelaySeconds < options.ReconnectMinDelaySeconds)
        {
            errors.Add(nameof(options.ReconnectMaxDelaySeconds), $"must not be below {errors.Key(nameof(options.ReconnectMinDelaySeconds))} (was {options.ReconnectMaxDelaySeconds}).");
        }

        errors.Range(nameof(options.OperationTimeoutSeconds), options.OperationTimeoutSeconds, 0.1, 600);
        errors.Range(nameof(options.SocketBufferSize), options.SocketBufferSize, 8 * 1024, 64 * 1024 * 1024);
        return errors.Errors.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(errors.Errors);
    }
}

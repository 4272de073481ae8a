using System.Net;
using Microsoft.Extensions.Options;

namespace EdgeVision.Silo.Clustering;

/// <summary>Reports every invalid <see cref="SiloClusterOptions"/> value, each naming the configuration key to fix.</summary>
internal sealed class SiloClusterOptionsValidator : IValidateOptions<SiloClusterOptions>
{
    private const string Section = SiloClusterOptions.SectionName;

    public ValidateOptionsResult Validate(string? name, SiloClusterOptions options)
    {
        var failures = new List<string>();
        if (!Enum.IsDefined(options.Mode))
        {
            failures.Add($"{Section}:{nameof(options.Mode)} must be Localhost or Redis (was '{options.Mode}')");
        }

        if (options.Mode == ClusteringMode.Redis && string.IsNullOrWhiteSpace(options.RedisConnectionString))
        {
            failures.Add($"{Section}:{nameof(options.RedisConnectionString)} is required when {Section}:{nameof(options.Mode)} is Redis (e.g. 'localhost:6379')");
        }

        if (!Enum.IsDefined(options.CameraStorage))
        {
            failures.Add($"{Section}:{nameof(options.CameraStorage)} must be Auto, Memory, Redis or None (was '{options.CameraStorage}')");
        }
        else if (options.CameraStorage == CameraStorageMode.Redis && string.IsNullOrWhiteSpace(options.RedisConnectionString))
        {
            failures.Add($"{Section}:{nameof(options.RedisConnectionString)} is required when {Section}:{nameof(options.CameraStorage)} is Redis (e.g. 'localhost:6379')");
        }

        if (options.Kubernetes && options.Mode != ClusteringMode.Redis)
        {
            failures.Add($"{Section}:{nameof(options.Kubernetes)} needs {Section}:{nameof(options.Mode)} Redis: Kubernetes hosting names silos but does not keep membership");
        }

        if (string.IsNullOrWhiteSpace(options.ClusterId))
        {
            failures.Add($"{Section}:{nameof(options.ClusterId)} must not be empty");
        }

        if (string.IsNullOrWhiteSpace(options.ServiceId))
        {
            failures.Add($"{Section}:{nameof(options.ServiceId)} must not be empty");
        }

        if (options.AdvertisedAddress is { Length: > 0 } address && !IPAddress.TryParse(address, out _))
        {
            failures.Add($"{Section}:{nameof(options.AdvertisedAddress)} must be an IP address such as 10.0.0.5 or 127.0.0.1 (was '{address}')");
        }

        Port(failures, nameof(options.SiloPort), options.SiloPort);
        Port(failures, nameof(options.GatewayPort), options.GatewayPort);
        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"{Section}:{nameof(options.GatewayPort)} must differ from {Section}:{nameof(options.SiloPort)} (both {options.SiloPort})");
        }

        if (options.InferenceDevice is not ("auto" or "cpu" or "cuda"))
        {
            failures.Add($"{Section}:{nameof(options.InferenceDevice)} must be auto, cpu or cuda (was '{options.InferenceDevice}')");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Port(List<string> failures, string key, int value)
    {
        if (value is < 1 or > 65535)
        {
            failures.Add($"{Section}:{key} must be between 1 and 65535 (was {value})");
        }
    }
}

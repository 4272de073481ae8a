using System.Net;
using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Silo.Clustering;

/// <summary>
/// Cluster membership and what this silo offers (<c>Silo:Cluster</c> section). Validated by <see cref="Validate"/>, when
/// the silo is built: Orleans is configured from it.
/// </summary>
public sealed class SiloClusterOptions
{
    public const string SectionName = "Silo:Cluster";

    public ClusteringMode Mode { get; set; } = ClusteringMode.Localhost;

    /// <summary>StackExchange.Redis configuration string (e.g. <c>redis:6379</c>) when <see cref="Mode"/> is Redis.</summary>
    public string? RedisConnectionString { get; set; }

    /// <summary>Silos with the same cluster id form one cluster.</summary>
    public string ClusterId { get; set; } = "edgevision";

    /// <summary>Stable across deployments of the same service.</summary>
    public string ServiceId { get; set; } = "edgevision";

    /// <summary>Silo-to-silo port.</summary>
    public int SiloPort { get; set; } = 11111;

    /// <summary>Client gateway port.</summary>
    public int GatewayPort { get; set; } = 30000;

    /// <summary>
    /// The IP address other silos reach this one at, written to the membership table (Redis mode). Empty: the host's
    /// first network address, listening on every address. A loopback address (<c>127.0.0.1</c>: several silo processes
    /// on one machine) also listens only there; another address listens on every address (NAT, containers).
    /// Under <see cref="Kubernetes"/> the pod's address is used instead.
    /// </summary>
    public string? AdvertisedAddress { get; set; }

    /// <summary>
    /// Run inside Kubernetes (<c>Microsoft.Orleans.Hosting.Kubernetes</c>): silo name, addresses and cluster id come
    /// from the pod, and silos whose pods are gone are declared dead. Membership still needs <see cref="Mode"/> Redis.
    /// </summary>
    public bool Kubernetes { get; set; }

    /// <summary>
    /// Whether camera grains (and so inference) may run on this silo. A silo without an accelerator in a GPU cluster
    /// sets false: it still ingests and routes sequences, and the placement filter keeps camera grains off it.
    /// </summary>
    public bool HostsInference { get; set; } = true;

    /// <summary>
    /// Where camera grains record the sequences they accepted and have not finished, so that after a silo failure the
    /// camera's next activation counts them as <c>lost</c>: <c>Auto</c> (Redis in Redis mode, else memory), <c>Memory</c>,
    /// <c>Redis</c> (at <see cref="RedisConnectionString"/>) or <c>None</c> (no record, no such count).
    /// </summary>
    public CameraStorageMode CameraStorage { get; set; } = CameraStorageMode.Auto;

    /// <summary><see cref="CameraStorage"/> with <c>Auto</c> resolved.</summary>
    public CameraStorageMode EffectiveCameraStorage => CameraStorage switch
    {
        CameraStorageMode.Auto => Mode == ClusteringMode.Redis ? CameraStorageMode.Redis : CameraStorageMode.Memory,
        var explicitMode => explicitMode,
    };

    /// <summary>The inference device advertised in silo metadata: <c>auto</c> (CUDA when libtorch sees one, else cpu), <c>cpu</c> or <c>cuda</c>.</summary>
    public string InferenceDevice { get; set; } = "auto";

    /// <summary>Every problem with these options, each naming its key under <paramref name="section"/>.</summary>
    public IReadOnlyList<string> Validate(string section = SectionName)
    {
        var errors = new ValidationErrors(section);
        if (!Enum.IsDefined(Mode))
        {
            errors.Add(nameof(Mode), $"must be Localhost or Redis (was '{Mode}').");
        }

        if (Mode == ClusteringMode.Redis && string.IsNullOrWhiteSpace(RedisConnectionString))
        {
            errors.Add(nameof(RedisConnectionString), $"is required when {errors.Key(nameof(Mode))} is Redis (e.g. 'localhost:6379').");
        }

        if (!Enum.IsDefined(CameraStorage))
        {
            errors.Add(nameof(CameraStorage), $"must be Auto, Memory, Redis or None (was '{CameraStorage}').");
        }
        else if (CameraStorage == CameraStorageMode.Redis && string.IsNullOrWhiteSpace(RedisConnectionString))
        {
            errors.Add(nameof(RedisConnectionString), $"is required when {errors.Key(nameof(CameraStorage))} is Redis (e.g. 'localhost:6379').");
        }

        if (Kubernetes && Mode != ClusteringMode.Redis)
        {
            errors.Add(nameof(Kubernetes), $"needs {errors.Key(nameof(Mode))} Redis: Kubernetes hosting names silos but does not keep membership.");
        }

        if (string.IsNullOrWhiteSpace(ClusterId))
        {
            errors.Add(nameof(ClusterId), "must not be empty.");
        }

        if (string.IsNullOrWhiteSpace(ServiceId))
        {
            errors.Add(nameof(ServiceId), "must not be empty.");
        }

        if (AdvertisedAddress is { Length: > 0 } address && !IPAddress.TryParse(address, out _))
        {
            errors.Add(nameof(AdvertisedAddress), $"must be an IP address such as 10.0.0.5 or 127.0.0.1 (was '{address}').");
        }

        errors.Range(nameof(SiloPort), SiloPort, 1, 65535);
        errors.Range(nameof(GatewayPort), GatewayPort, 1, 65535);
        if (SiloPort == GatewayPort)
        {
            errors.Add(nameof(GatewayPort), $"must differ from {errors.Key(nameof(SiloPort))} (both {SiloPort}).");
        }

        if (InferenceDevice is not ("auto" or "cpu" or "cuda"))
        {
            errors.Add(nameof(InferenceDevice), $"must be auto, cpu or cuda (was '{InferenceDevice}').");
        }

        return errors.Errors;
    }
}

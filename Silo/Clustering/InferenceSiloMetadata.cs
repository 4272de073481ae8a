namespace EdgeVision.Silo.Clustering;

/// <summary>Silo metadata keys (Orleans silo metadata) that describe a silo's inference capability.</summary>
public static class InferenceSiloMetadata
{
    /// <summary><c>true</c> on silos that may host camera grains and run models, <c>false</c> elsewhere.</summary>
    public const string HostsInference = "edgevision.inference";

    /// <summary>The device models run on: <c>cpu</c> or <c>cuda</c>.</summary>
    public const string Device = "edgevision.device";

    public static Dictionary<string, string> For(SiloClusterOptions options, Func<bool> cudaAvailable)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(cudaAvailable);
        var device = options.InferenceDevice switch
        {
            "auto" => cudaAvailable() ? "cuda" : "cpu",
            var explicitDevice => explicitDevice,
        };
        return new Dictionary<string, string>
        {
            [HostsInference] = options.HostsInference ? "true" : "false",
            [Device] = device,
        };
    }
}

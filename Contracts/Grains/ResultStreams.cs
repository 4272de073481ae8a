namespace EdgeVision.Contracts.Grains;

/// <summary>
/// The Orleans stream on which camera grains publish every <see cref="Wire.Json.InferenceResult"/>, for in-cluster
/// observers such as the Dashboard: provider <see cref="ProviderName"/> (memory streams), stream id
/// (<see cref="Namespace"/>, <see cref="AllCameras"/>). A client subscribes with
/// <c>client.GetStreamProvider(ResultStreams.ProviderName).GetStream&lt;InferenceResult&gt;(ResultStreams.Namespace, ResultStreams.AllCameras)</c>
/// and filters by camera if it wants one.
/// </summary>
public static class ResultStreams
{
    public const string ProviderName = "edgevision-results";

    /// <summary>Grain storage the stream provider keeps its subscriptions in (Orleans' conventional name).</summary>
    public const string PubSubStoreName = "PubSubStore";

    public const string Namespace = "edgevision.results";

    /// <summary>The key of the one stream that carries every camera's results.</summary>
    public const string AllCameras = "all";
}

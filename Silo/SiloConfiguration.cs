namespace EdgeVision.Silo;

/// <summary>
/// Where the silo's settings live: every key under <c>Silo</c>, one section per options class. The silo's own classes
/// carry their section (<c>Silo:Mqtt</c>, <c>Silo:Cameras</c>, <c>Silo:Cluster</c>); the classes it shares with the CLI
/// and the benchmarks (latency budget, engine, controller, models, libtorch, sequence limits) are placed here.
/// </summary>
public static class SiloConfiguration
{
    public const string Root = "Silo";

    public const string Inference = Root + ":Inference";

    public const string InferenceEngine = Root + ":InferenceEngine";

    public const string LatencyController = Root + ":LatencyController";

    public const string ModelCatalog = Root + ":ModelCatalog";

    public const string InferenceSession = Root + ":InferenceSession";

    public const string SequenceLimits = Root + ":SequenceLimits";

    /// <summary>Retired top-level sections and the sections their keys belong in: a key under one stops the silo naming its place.</summary>
    public static IReadOnlyList<(string Old, string New)> RetiredSections { get; } =
    [
        ("Inference", Inference), ("InferenceEngine", InferenceEngine), ("LatencyController", LatencyController),
        ("ModelCatalog", ModelCatalog), ("InferenceSession", InferenceSession), ("EdgeVision:SequenceLimits", SequenceLimits),
    ];
}

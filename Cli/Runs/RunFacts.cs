using EdgeVision.Cli.Reports;
using EdgeVision.Edge.Streaming;

namespace EdgeVision.Cli.Runs;

/// <summary>What a finished run observed, before it becomes a <see cref="RunReport"/>.</summary>
internal sealed record RunFacts(
    string Command,
    RunSettings Settings,
    ModelReport Model,
    int Width,
    int Height,
    int SequenceLength,
    int MaxBatchSize,
    VideoStreamInfo Stream,
    OutcomeRecorder Outcomes,
    IReadOnlyList<AdaptiveChange> AdaptiveChanges,
    ResourceReport Resources,
    EnvironmentReport Environment,
    DateTimeOffset StartedAt,
    DateTimeOffset EndedAt,
    string StopReason,
    string? Plot,
    ClusterReport? Cluster = null);

using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>
/// The final report of <c>edgevision benchmark</c> and <c>edgevision live</c>. Its JSON schema is
/// <c>Cli/Reports/run-report.schema.json</c> (generated from these types; a test keeps the two equal).
/// </summary>
[Description("Final report of `edgevision benchmark` and `edgevision live`.")]
public sealed record RunReport
{
    /// <summary>Bumped when a field changes meaning or is removed.</summary>
    public const int CurrentSchemaVersion = 1;

    [Description("Version of this report's layout; bumped when a field changes meaning or is removed.")]
    public int SchemaVersion { get; init; } = CurrentSchemaVersion;

    [Description("benchmark or live.")]
    public required string Command { get; init; }

    [Description("The command line that produced the report: edgevision, the verb and its arguments (passwords masked).")]
    public required string CommandLine { get; init; }

    [Description("When the run started (UTC).")]
    public required DateTimeOffset StartedAt { get; init; }

    [Description("When the run ended (UTC).")]
    public required DateTimeOffset EndedAt { get; init; }

    [Description("Wall-clock duration of the run (s).")]
    public required double DurationSeconds { get; init; }

    [Description("Why the run ended: source-ended, source-failed, max-frames, duration, SIGINT or SIGTERM.")]
    public required string StopReason { get; init; }

    public required SourceReport Source { get; init; }

    public required ModelReport Model { get; init; }

    public required SettingsReport Settings { get; init; }

    public required FrameCounts Frames { get; init; }

    public required SequenceCounts Sequences { get; init; }

    public required ThroughputReport Throughput { get; init; }

    public required LatencyReport Latency { get; init; }

    public AccuracyReport? Accuracy { get; init; }

    public required BatchReport Batches { get; init; }

    [Description("Settings changes the latency controller made, in order.")]
    public required IReadOnlyList<AdaptiveChange> AdaptiveChanges { get; init; }

    public required ResourceReport Resources { get; init; }

    public required EnvironmentReport Environment { get; init; }

    [Description("The latency plot written for this run (PNG), if any.")]
    public string? Plot { get; init; }

    [Description("For --cluster runs: the running system the sequences went to and how its results were matched; null for runs in this process.")]
    public ClusterReport? Cluster { get; init; }
}

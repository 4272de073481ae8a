using EdgeVision.Cli.Runs.OverMqtt;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Edge.Sources;
using EdgeVision.Inference.Models;

namespace EdgeVision.Cli.Runs;

/// <summary>A benchmark or live run as the command line asked for it (validated by <see cref="RunOptions"/>).</summary>
internal sealed record RunSettings
{
    public required FrameSourceSpec Source { get; init; }

    public required string SourceText { get; init; }

    /// <summary>The model kind; empty for a <c>--cluster</c> run that left <c>--model</c> out (the silo's model serves).</summary>
    public required string Model { get; init; }

    public string? Weights { get; init; }

    public FusionMode Fusion { get; init; } = FusionMode.Weighted;

    public int? NumClasses { get; init; }

    public int? SequenceLength { get; init; }

    public int? HiddenDim { get; init; }

    public int? Width { get; init; }

    public int? Height { get; init; }

    public double? Fps { get; init; }

    public required InferenceConfig Inference { get; init; }

    public long? MaxFrames { get; init; }

    public TimeSpan? Duration { get; init; }

    public bool Unpaced { get; init; }

    public bool Loop { get; init; }

    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(15);

    public int? Threads { get; init; }

    public string? Plot { get; init; }

    public Verbosity Verbosity { get; init; } = Verbosity.Normal;

    /// <summary>The whole command line, <c>edgevision</c> and the verb included, passwords masked (the report's <c>commandLine</c>).</summary>
    public string CommandLine { get; init; } = "";

    /// <summary>The camera id used for metrics and requests.</summary>
    public string Camera { get; init; } = "cli/local";

    /// <summary>Set for <c>--cluster</c>: run against a running system instead of in this process.</summary>
    public ClusterSettings? Cluster { get; init; }
}

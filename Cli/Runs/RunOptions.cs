using System.CommandLine;
using EdgeVision.Cli.CommandLine;
using EdgeVision.Cli.Runs.OverMqtt;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Edge.Sources;
using EdgeVision.Inference.Models;
using EdgeVision.Inference.Packages;

namespace EdgeVision.Cli.Runs;

/// <summary>
/// The options <c>benchmark</c> and <c>live</c> share: source, model, latency budget and the adaptive switches. The
/// switches mean what the silo's <c>Inference</c> section means (they configure the same engine and controller).
/// </summary>
internal sealed class RunOptions
{
    public Option<string> Source { get; } = SourceOption();

    public Option<string> Model { get; } = ModelOption();

    public Option<FileInfo?> Weights { get; } = new("--weights")
    {
        Description = "Checkpoint to serve (default: the shipped checkpoint of --model; without one, a freshly initialised model: real timings, meaningless predictions).",
    };

    public Option<string> Fusion { get; } = CommandOptions.Choice("--fusion", ["weighted", "concat", "ensemble"], "Hybrid fusion mode.", defaultValue: "weighted");

    public Option<int?> NumClasses { get; } = OptionalPositive("--num-classes", "Classes of a freshly initialised model (default 10; must match a checkpoint).");

    public Option<int?> SequenceLength { get; } = OptionalPositive("--sequence-length", "Frames per sequence (default: the checkpoint's, else 8).");

    public Option<int?> HiddenDim { get; } = OptionalPositive("--hidden-dim", "Hidden size of a freshly initialised model (default 32; must match a checkpoint).");

    public Option<int?> Width { get; } = OptionalPositive("--width", "Frame width fed to the model (default: the checkpoint's, else 64).");

    public Option<int?> Height { get; } = OptionalPositive("--height", "Frame height fed to the model (default: the checkpoint's, else 64).");

    public Option<double?> Fps { get; } = OptionalRate("--fps", "Frames per second taken from the source (default: the source's own rate).");

    public Option<double> TargetFps { get; } = Rate("--target-fps", 15, "Sequences per second the controller aims to sustain (Silo:Inference:TargetFps).");

    public Option<double> TargetLatency { get; } = Rate("--target-latency", 100, "End-to-end latency target in ms the controller steers p95 towards (Silo:Inference:TargetLatencyMs). With --cluster: the silo's, for the report and plot only.");

    public Option<double> MaxLatency { get; } = Rate("--max-latency", 200, "Latency in ms past which a sequence is dropped as stale (Silo:Inference:MaxLatencyMs). With --cluster: the silo's, for the report and plot only.");

    public Option<int> BatchSize { get; } = CommandOptions.Positive("--batch-size", 4, "Largest batch per forward pass (Silo:Inference:MaxBatchSize).");

    public Option<bool> NoBatching { get; } = new("--no-batching") { Description = "One sequence per forward pass (Silo:Inference:EnableBatching=false)." };

    public Option<bool> NoFrameSkipping { get; } = new("--no-frame-skipping") { Description = "The controller may not skip frames (Silo:Inference:EnableFrameSkipping=false)." };

    public Option<bool> NoAdaptiveResolution { get; } = new("--no-adaptive-resolution") { Description = "The controller may not lower the resolution (Silo:Inference:EnableAdaptiveResolution=false)." };

    public Option<long?> MaxFrames { get; } = MaxFramesOption();

    public Option<double?> Duration { get; } = OptionalRate("--duration", "Stop after this many seconds.");

    public Option<bool> Unpaced { get; } = new("--unpaced") { Description = "Read a file as fast as it decodes instead of at its own frame rate." };

    public Option<bool> Loop { get; } = new("--loop") { Description = "Replay a file from the start when it ends (stop with --duration, --max-frames or Ctrl+C)." };

    public Option<double> ConnectTimeout { get; } = Rate("--connect-timeout", 15, "Seconds to wait for the source's first frame before giving up.");

    public Option<int?> Threads { get; } = OptionalPositive("--threads", "Torch intra-op threads (default: torch's choice).");

    public Option<FileInfo?> Plot { get; } = new("--plot") { Description = "Write a PNG: latency over time with the target and maximum drawn in, and a latency histogram." };

    public Option<bool> Verbose { get; } = new("--verbose", "-v") { Description = "Print every sequence and the controller's decisions." };

    public Option<bool> Quiet { get; } = new("--quiet", "-q") { Description = "Print only the final summary (and errors)." };

    public ClusterOptions Cluster { get; } = new();

    public void AddTo(Command command)
    {
        foreach (var option in new Option[]
                 {
                     Source, Model, Weights, Fusion, NumClasses, SequenceLength, HiddenDim, Width, Height, Fps, TargetFps, TargetLatency,
                     MaxLatency, BatchSize, NoBatching, NoFrameSkipping, NoAdaptiveResolution, MaxFrames, Duration, Unpaced, Loop,
                     ConnectTimeout, Threads, Plot, Verbose, Quiet,
                 })
        {
            command.Options.Add(option);
        }

        Cluster.LocalOnly(Weights, Fusion, NumClasses, HiddenDim, TargetFps, BatchSize, NoBatching, NoFrameSkipping, NoAdaptiveResolution, Threads);
        Cluster.AddTo(command);
        command.Validators.Add(result =>
        {
            if (!result.GetValue(Cluster.Cluster) && result.GetValue(Model) is null)
            {
                // A command validator's error hides System.CommandLine's own "required" errors: name a missing --source too.
                if (result.GetResult(Source) is null)
                {
                    result.AddError("Option '--source' is required.");
                }

                result.AddError($"Option '--model' is required (one of: {string.Join(", ", VideoModelKinds.All)}); with --cluster it may be left out.");
            }

            if (result.GetValue(Verbose) && result.GetValue(Quiet))
            {
                result.AddError("--verbose and --quiet cannot be used together.");
            }

            if (result.GetValue(MaxLatency) < result.GetValue(TargetLatency))
            {
                result.AddError($"--max-latency ({result.GetValue(MaxLatency)}) must not be below --target-latency ({result.GetValue(TargetLatency)}).");
            }
        });
    }

    public RunSettings Read(ParseResult parse) => new()
    {
        Source = FrameSourceSpec.Parse(parse.GetValue(Source)),
        SourceText = parse.GetValue(Source)!,
        Model = parse.GetValue(Model)?.ToLowerInvariant() ?? "",
        Weights = parse.GetValue(Weights)?.FullName,
        Fusion = Enum.Parse<FusionMode>(parse.GetValue(Fusion)!, ignoreCase: true),
        NumClasses = parse.GetValue(NumClasses),
        SequenceLength = parse.GetValue(SequenceLength),
        HiddenDim = parse.GetValue(HiddenDim),
        Width = parse.GetValue(Width),
        Height = parse.GetValue(Height),
        Fps = parse.GetValue(Fps),
        Inference = new InferenceConfig
        {
            TargetFps = parse.GetValue(TargetFps),
            TargetLatencyMs = parse.GetValue(TargetLatency),
            MaxLatencyMs = parse.GetValue(MaxLatency),
            MaxBatchSize = parse.GetValue(NoBatching) ? 1 : parse.GetValue(BatchSize),
            EnableBatching = !parse.GetValue(NoBatching),
            EnableFrameSkipping = !parse.GetValue(NoFrameSkipping),
            EnableAdaptiveResolution = !parse.GetValue(NoAdaptiveResolution),
        },
        MaxFrames = parse.GetValue(MaxFrames),
        Duration = parse.GetValue(Duration) is { } seconds ? TimeSpan.FromSeconds(seconds) : null,
        Unpaced = parse.GetValue(Unpaced),
        Loop = parse.GetValue(Loop),
        ConnectTimeout = TimeSpan.FromSeconds(parse.GetValue(ConnectTimeout)),
        Threads = parse.GetValue(Threads),
        Plot = parse.GetValue(Plot)?.FullName,
        Verbosity = parse.GetValue(Quiet) ? Verbosity.Quiet : parse.GetValue(Verbose) ? Verbosity.Verbose : Verbosity.Normal,
        CommandLine = CommandLineText.Of(parse, Cluster.Password),
        Cluster = Cluster.Read(parse),
    };

    private static Option<string> ModelOption()
    {
        var option = new Option<string>("--model")
        {
            Description = $"Model kind ({string.Join(", ", VideoModelKinds.All)}) or a model package: a *{ModelPackage.Extension} file, or the name of one in the models folder "
                          + "(required without --cluster; with --cluster optional: the model the silo serves, whose shipped checkpoint sets the input shape).",
        };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<string>();
            if (value is not null && !VideoModelKinds.All.Contains(value, StringComparer.OrdinalIgnoreCase) && ModelResolver.PackagePath(value, ShippedModels.Directory) is null)
            {
                result.AddError($"Unknown model '{value}'. Valid choices: {string.Join(", ", VideoModelKinds.All)}; or a model package: a *{ModelPackage.Extension} file, or the name of one in {ShippedModels.Directory}.");
            }
        });
        return option;
    }

    private static Option<string> SourceOption()
    {
        var option = new Option<string>("--source", "-s")
        {
            Description = $"What to read: {FrameSourceSpec.ValidForms}.",
            Required = true,
        };
        option.Validators.Add(result =>
        {
            try
            {
                FrameSourceSpec.Parse(result.GetValueOrDefault<string>());
            }
            catch (FrameSourceException e)
            {
                result.AddError(e.Message);
            }
        });
        return option;
    }

    private static Option<int?> OptionalPositive(string name, string description)
    {
        var option = new Option<int?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<int?>() is <= 0 and var value)
            {
                result.AddError($"{name} must be a positive whole number (was {value}).");
            }
        });
        return option;
    }

    private static Option<double?> OptionalRate(string name, string description)
    {
        var option = new Option<double?>(name) { Description = description };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<double?>() is { } value && !(double.IsFinite(value) && value > 0))
            {
                result.AddError($"{name} must be a positive number (was {value}).");
            }
        });
        return option;
    }

    private static Option<double> Rate(string name, double defaultValue, string description)
    {
        // The help shows the default after the description ("[default: 15]"): the description does not repeat it.
        var option = new Option<double>(name) { Description = description, DefaultValueFactory = _ => defaultValue };
        option.Validators.Add(result =>
        {
            var value = result.GetValueOrDefault<double>();
            if (!(double.IsFinite(value) && value > 0))
            {
                result.AddError($"{name} must be a positive number (was {value}).");
            }
        });
        return option;
    }

    private static Option<long?> MaxFramesOption()
    {
        var option = new Option<long?>("--max-frames") { Description = "Stop after the source delivered this many frames." };
        option.Validators.Add(result =>
        {
            if (result.GetValueOrDefault<long?>() is <= 0 and var value)
            {
                result.AddError($"--max-frames must be a positive whole number (was {value}).");
            }
        });
        return option;
    }
}

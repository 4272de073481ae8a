using System.Reflection;
using EdgeVision.Cli.Reports;

namespace EdgeVision.Cli.Runs.OverMqtt;

/// <summary>
/// The model side of a <c>--cluster</c> run, which this process does not run: the input shape to send (from the options,
/// else the shipped checkpoint or the model package <c>--model</c> names, else the in-process defaults) and what the report says about the model
/// the silo's results name (described from the shipped checkpoint when kind and version match it).
/// </summary>
internal static class ClusterModel
{
    /// <summary>The version the sequences' status messages carry (at most 64 characters, no build metadata).</summary>
    public static string Version { get; } = AgentVersion();

    public static InputShape Shape(RunSettings settings)
    {
        using var shipped = Shipped(settings, settings.Model);
        return new InputShape(
            settings.Width ?? shipped?.Config.InputWidth ?? ModelResolver.DefaultSize,
            settings.Height ?? shipped?.Config.InputHeight ?? ModelResolver.DefaultSize,
            settings.SequenceLength ?? shipped?.Config.SequenceLength ?? ModelResolver.DefaultSequenceLength,
            shipped?.TrainedFramesPerAction);
    }

    public static ModelReport Describe(RunSettings settings, InputShape shape, IReadOnlyList<(string Name, string Version)> served)
    {
        var (name, version) = served.Count > 0 ? served[0] : (settings.Model.Length > 0 ? settings.Model : "unknown", "unknown");
        using var shipped = Shipped(settings, name);
        return shipped is not null && shipped.Version == version
            ? ReportBuilder.Describe(shipped, trained: true)
            : new ModelReport(name, null, null, version, 0, shape.SequenceLength, shape.Width, shape.Height, 0, 0);
    }

    /// <summary>The shipped checkpoint of <paramref name="kind"/> or the model package it names, or null when there is neither.</summary>
    private static ResolvedModel? Shipped(RunSettings settings, string kind)
    {
        if (kind.Length == 0 || (!File.Exists(ShippedModels.PathFor(kind)) && ModelResolver.PackagePath(kind, ShippedModels.Directory) is null))
        {
            return null;
        }

        // Only the checkpoint's own shape matters here: the options shape the input, not the silo's model.
        return ModelResolver.Resolve(settings with { Model = kind, Weights = null, NumClasses = null, HiddenDim = null, SequenceLength = null },
            ShippedModels.Directory);
    }

    private static string AgentVersion()
    {
        var version = typeof(ClusterModel).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "0.0.0";
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? version[..plus] : version;
    }

    /// <param name="TrainedFramesPerAction">Frames per synthetic action the shipped checkpoint of <c>--model</c> was trained on, if known.</param>
    internal sealed record InputShape(int Width, int Height, int SequenceLength, int? TrainedFramesPerAction = null);
}

using System.Globalization;
using EdgeVision.Inference.Packages;

namespace EdgeVision.Cli.Models;

/// <summary>A manifest in a few lines for people: what the model takes, returns and is.</summary>
internal static class ManifestText
{
    public static void Write(TextWriter output, ModelManifest manifest)
    {
        var input = manifest.Input;
        var varies = new[] { (input.VariableFrames, "frames"), (input.VariableHeight, "height"), (input.VariableWidth, "width") }
            .Where(v => v.Item1).Select(v => v.Item2).ToArray();
        output.WriteLine(FormattableString.Invariant(
            $"  format   {manifest.Format}, name {manifest.Name}, version {manifest.Version}"));
        output.WriteLine(FormattableString.Invariant(
            $"  input    '{input.Name}' {input.Layout} {input.DType}, {input.Frames} frames of {input.Width}x{input.Height}, {input.ChannelOrder.ToString().ToUpperInvariant()}; variable: {(varies.Length == 0 ? "batch only" : "batch, " + string.Join(", ", varies))}"));
        output.WriteLine(input.Mean is null || input.Std is null
            ? "  pixels   normalised as each sequence says (the edge's mean and std)"
            : FormattableString.Invariant($"  pixels   x / 255 x {input.ValueRange}, mean {Join(input.Mean)}, std {Join(input.Std)}; resize {input.Resize} ({input.Interpolation}){(input.FrameRate is { } rate ? $", {rate} fps" : string.Empty)}"));
        output.WriteLine($"  output   '{manifest.Output.Name}' {manifest.Output.Kind}{(manifest.Output.Kind == OutputKind.Logits ? $" -> {manifest.Output.Activation}" : string.Empty)}, {manifest.Labels.Count} classes: {Preview(manifest.Labels)}");
        if (manifest.Licence is not null || manifest.Source is not null)
        {
            output.WriteLine($"  origin   {manifest.Source ?? "unknown source"}; licence {manifest.Licence ?? "unknown"}");
        }

        if (manifest.Sha256 is not null)
        {
            output.WriteLine($"  sha256   {manifest.Sha256}");
        }
    }

    private static string Join(IReadOnlyList<float> values) => string.Join(",", values.Select(v => v.ToString(CultureInfo.InvariantCulture)));

    private static string Preview(IReadOnlyList<string> labels) =>
        labels.Count <= 5 ? string.Join(", ", labels) : $"{string.Join(", ", labels.Take(5))}, ...";
}

using System.Globalization;

namespace EdgeVision.Benchmarks;

/// <summary>What every scenario's option parser needs: the shipped models folder and invariant numbers.</summary>
internal static class ScenarioArguments
{
    /// <summary>The repository's <c>models/</c> folder (holding the shipped conv3d), searched upwards from the binary.</summary>
    public static string? FindModels()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            var candidate = Path.Combine(directory.FullName, "models");
            if (File.Exists(Path.Combine(candidate, "conv3d.ckpt")))
            {
                return candidate;
            }
        }

        return null;
    }

    public static int Int(Dictionary<string, string> values, string name, int fallback) =>
        values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public static double Double(Dictionary<string, string> values, string name, double fallback) =>
        values.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;
}

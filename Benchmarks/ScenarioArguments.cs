using System.Globalization;
using EdgeVision.Inference.Models;

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

    /// <summary>
    /// <paramref name="parse"/>d options, or null after printing why they are wrong (a bad option is an
    /// <see cref="ArgumentException"/> naming it); the scenario then exits with code 1.
    /// </summary>
    public static T? ParseOrExplain<T>(Func<IReadOnlyList<string>, T> parse, IReadOnlyList<string> args) where T : class
    {
        try
        {
            return parse(args);
        }
        catch (ArgumentException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return null;
        }
    }

    public static int Int(Dictionary<string, string> values, string name, int fallback) =>
        values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;

    public static double Double(Dictionary<string, string> values, string name, double fallback) =>
        values.TryGetValue(name, out var text) ? double.Parse(text, CultureInfo.InvariantCulture) : fallback;

    /// <summary>A positive whole number, or an error naming <paramref name="name"/>.</summary>
    public static int Positive(string name, string value) =>
        int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) && parsed > 0
            ? parsed
            : throw new ArgumentException($"{name} must be a positive whole number (was '{value}').");

    /// <summary>Comma-separated positive whole numbers.</summary>
    public static int[] List(string name, string value) => [.. value.Split(',').Select(v => Positive(name, v.Trim()))];

    /// <summary>Comma-separated model kinds (<see cref="VideoModelKinds.All"/>), for <c>--models</c>.</summary>
    public static string[] Kinds(string value)
    {
        var kinds = value.Split(',').Select(k => k.Trim().ToLowerInvariant()).ToArray();
        var unknown = kinds.Except(VideoModelKinds.All).ToArray();
        return unknown.Length == 0
            ? kinds
            : throw new ArgumentException($"--models: unknown kind(s) {string.Join(", ", unknown)}. Valid: {string.Join(", ", VideoModelKinds.All)}.");
    }
}

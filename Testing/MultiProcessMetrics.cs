using System.Globalization;
using System.Text.RegularExpressions;

namespace EdgeVision.Testing;

/// <summary>One scrape of a host's Prometheus endpoint (<c>/metrics</c>: a silo's, an edge agent's), parsed into samples.</summary>
public sealed partial class MultiProcessMetrics
{
    private readonly List<Sample> _samples;

    private MultiProcessMetrics(List<Sample> samples) => _samples = samples;

    public static async Task<MultiProcessMetrics> ScrapeAsync(HttpClient http, Uri host, CancellationToken cancellationToken)
    {
        var text = await http.GetStringAsync(new Uri(host, "/metrics"), cancellationToken);
        return Parse(text);
    }

    public static MultiProcessMetrics Parse(string text)
    {
        var samples = new List<Sample>();
        foreach (var line in text.Split('\n'))
        {
            if (line.Length == 0 || line[0] == '#' || SampleLine().Match(line) is not { Success: true } match)
            {
                continue;
            }

            var labels = LabelPair().Matches(match.Groups["labels"].Value)
                .ToDictionary(pair => pair.Groups["key"].Value, pair => pair.Groups["value"].Value, StringComparer.Ordinal);
            samples.Add(new Sample(match.Groups["name"].Value, labels, double.Parse(match.Groups["value"].Value, CultureInfo.InvariantCulture)));
        }

        return new MultiProcessMetrics(samples);
    }

    /// <summary>The sum of every sample of <paramref name="name"/> whose labels satisfy <paramref name="where"/> (all when null).</summary>
    public double Sum(string name, Func<IReadOnlyDictionary<string, string>, bool>? where = null) =>
        _samples.Where(s => s.Name == name && (where?.Invoke(s.Labels) ?? true)).Sum(s => s.Value);

    /// <summary>Sums of <paramref name="name"/> grouped by the value of <paramref name="label"/> (samples without it left out).</summary>
    public IReadOnlyDictionary<string, double> By(string name, string label, Func<IReadOnlyDictionary<string, string>, bool>? where = null) =>
        _samples.Where(s => s.Name == name && s.Labels.ContainsKey(label) && (where?.Invoke(s.Labels) ?? true))
            .GroupBy(s => s.Labels[label], StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.Sum(s => s.Value), StringComparer.Ordinal);

    /// <summary>Whether any sample is named <paramref name="name"/> (the instrument exists and reported).</summary>
    public bool Has(string name) => _samples.Any(s => s.Name == name);

    private sealed record Sample(string Name, IReadOnlyDictionary<string, string> Labels, double Value);

    [GeneratedRegex(@"^(?<name>[a-zA-Z_:][a-zA-Z0-9_:]*)(\{(?<labels>.*)\})?\s+(?<value>\S+)")]
    private static partial Regex SampleLine();

    [GeneratedRegex(@"(?<key>[a-zA-Z_][a-zA-Z0-9_]*)=""(?<value>(?:[^""\\]|\\.)*)""")]
    private static partial Regex LabelPair();
}

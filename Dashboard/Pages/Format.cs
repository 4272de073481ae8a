using System.Globalization;

namespace EdgeVision.Dashboard.Pages;

/// <summary>How the page writes numbers and times: invariant culture, units always shown.</summary>
public static class Format
{
    public static string Ms(double? milliseconds) => milliseconds switch
    {
        null => "–",
        < 10 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0.0} ms"),
        < 10_000 => string.Create(CultureInfo.InvariantCulture, $"{milliseconds:0} ms"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{milliseconds / 1000:0.0} s"),
    };

    public static string Percent(double fraction) => string.Create(CultureInfo.InvariantCulture, $"{fraction * 100:0.#}%");

    public static string Rate(double perSecond) => string.Create(CultureInfo.InvariantCulture, $"{perSecond:0.0}");

    public static string Age(TimeSpan age) => age.TotalSeconds switch
    {
        < 0 => "0 s",
        < 10 => string.Create(CultureInfo.InvariantCulture, $"{age.TotalSeconds:0.0} s"),
        < 120 => string.Create(CultureInfo.InvariantCulture, $"{age.TotalSeconds:0} s"),
        < 7200 => string.Create(CultureInfo.InvariantCulture, $"{age.TotalMinutes:0} min"),
        _ => string.Create(CultureInfo.InvariantCulture, $"{age.TotalHours:0} h"),
    };

    public static string Clock(DateTimeOffset? at) => at is { } value ? value.UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture) : "–";

    /// <summary>Where a result's latency went, largest parts first among those over 0.5 ms, e.g. <c>transport 140 · other 12 · decode 5.0 ms</c>.</summary>
    public static string Parts(Contracts.Wire.Json.LatencyBreakdown parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var shown = Contracts.Telemetry.LatencyParts.All
            .Select(part => (Name: Contracts.Telemetry.LatencyParts.Tag(part), Ms: parts.Of(part)))
            .Where(p => p.Ms >= 0.5)
            .OrderByDescending(p => p.Ms)
            .Select(p => $"{p.Name} {Ms(p.Ms)}");
        var text = string.Join(" · ", shown);
        return parts.ClockSkew ? $"{text} (clocks disagree: transport counted as 0)" : text;
    }

    /// <summary><c>edgevision/+/+/results</c> becomes <c>results</c>.</summary>
    public static string Kind(string filter) =>
        filter == Contracts.Topics.MqttTopics.SiloStatusFilter ? "silos" : filter[(filter.LastIndexOf('/') + 1)..];
}

using System.Globalization;

namespace EdgeVision.Silo.Health;

/// <summary>A camera receiving sequences without results (<see cref="CameraStallTracker"/>).</summary>
/// <param name="Camera">"site/camera".</param>
/// <param name="WithoutResult">Since the first sequence after its last result (or its first sequence).</param>
/// <param name="Sequences">Sequences that arrived in that time.</param>
/// <param name="Drops">How many of them were dropped, by drop reason (the rest are still in flight).</param>
public sealed record CameraStall(string Camera, TimeSpan WithoutResult, int Sequences, IReadOnlyDictionary<string, int> Drops)
{
    /// <summary>E.g. "no result for 23.4 s of 70 sequences: stale 66, 4 in flight".</summary>
    public string Summary
    {
        get
        {
            var dropped = Drops.OrderByDescending(d => d.Value).ThenBy(d => d.Key, StringComparer.Ordinal).Select(d => $"{d.Key} {d.Value}");
            var inFlight = Sequences - Drops.Values.Sum();
            var parts = inFlight > 0 ? dropped.Append($"{inFlight} in flight") : dropped;
            return string.Create(CultureInfo.InvariantCulture, $"no result for {WithoutResult.TotalSeconds:F1} s of {Sequences} sequences: {string.Join(", ", parts)}");
        }
    }
}

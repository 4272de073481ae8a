using CsCheck;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire.Json;
using SiloStatus = EdgeVision.Contracts.Wire.Json.SiloStatus;

namespace EdgeVision.Tests.Contracts.Wire.Json;

/// <summary>CsCheck generators of valid JSON messages, with text that needs escaping and non-ASCII.</summary>
internal static class JsonGenerators
{
    private static readonly Gen<string> Id = EdgeVision.Tests.Contracts.Wire.SequenceGenerators.Id;

    // Characters are drawn one UTF-16 unit at a time, so astral ones (emoji) come whole from a separate list:
    // a lone surrogate is not valid text and JSON writers replace it.
    private static readonly Gen<string> Text = Gen.Select(
        Gen.Char["abcXYZ"], Gen.String[Gen.Char[" abz09-_'\"\\/\n\té漢字"], 0, 40], Gen.OneOf("", "😀", " 🎥 cam"),
        (first, rest, astral) => first + rest + astral);

    private static readonly Gen<DateTimeOffset> Time =
        Gen.Select(Gen.Long[DateTimeOffset.UnixEpoch.Ticks, new DateTime(9000, 1, 1).Ticks], Gen.Int[-14 * 60, 14 * 60],
            (ticks, offsetMinutes) => new DateTimeOffset(ticks, TimeSpan.Zero).ToOffset(TimeSpan.FromMinutes(offsetMinutes)));

    private static readonly Gen<double> Latency = Gen.Double[0, 1e7];

    private static readonly Gen<LatencyBreakdown> Breakdown = Gen.Select(
        Optional(Latency), Gen.Select(Latency, Latency, Latency), Gen.Select(Latency, Latency, Latency), Gen.Bool,
        (edge, a, b, skew) => new LatencyBreakdown(edge, a.Item1, a.Item2, a.Item3, b.Item1, b.Item2, b.Item3, skew));

    public static readonly Gen<InferenceResult> Result = Gen.Select(
        Gen.Select(Id, Id, Gen.Long[0, long.MaxValue], Gen.Long[0, long.MaxValue / 2], Gen.Long[0, long.MaxValue / 2]),
        Gen.Select(Time, Gen.Long[0, TimeSpan.TicksPerDay], Time, Latency, Latency),
        Gen.Select(Text, Text, Gen.OneOf(Gen.Const((string?)null), EdgeVision.Tests.Contracts.Wire.SequenceGenerators.Label.Select(l => (string?)l))),
        Gen.Select(Text, Gen.Int[0, int.MaxValue], Gen.Double[0, 1]).Array[1, 10],
        Gen.Select(Gen.Int[1, 4096], Gen.Int[1, 4096], Gen.Int[0, 1000], Gen.Int[1, 1024], Gen.Double[0.001, 1000])
            .Select((w, h, skip, batch, fps) => new AdaptiveState(w, h, skip, batch, fps)),
        Gen.Select(Gen.Bool, Breakdown, (present, breakdown) => present ? breakdown : null),
        (ids, times, model, scores, state, breakdown) => new InferenceResult(
            ids.Item1, ids.Item2, ids.Item3, ids.Item4, ids.Item4 + ids.Item5,
            times.Item1, times.Item1.AddTicks(times.Item2), times.Item3, times.Item4, times.Item5,
            model.Item1, model.Item2.Length > 64 ? model.Item2[..64] : model.Item2,
            [.. scores.OrderByDescending(s => s.Item3).Select(s => new LabelScore(s.Item1, s.Item2, s.Item3))],
            state, breakdown) { TrueLabel = model.Item3 });

    private static readonly Gen<EdgeVision.Contracts.Wire.NominalSettings?> Nominal = Gen.Select(
        Gen.Bool, Gen.Int[1, 4096], Gen.Int[1, 4096], Gen.Int[0, 1000],
        (present, width, height, skip) => present ? new EdgeVision.Contracts.Wire.NominalSettings(width, height, skip) : null);

    public static readonly Gen<CameraStatus> Status = Gen.Select(
        Id, Id, Gen.Enum<CameraState>(), Text, Time, Gen.Bool, Text, Nominal,
        (site, camera, state, version, time, hasReason, reason, nominal) =>
            new CameraStatus(site, camera, state, version, time, hasReason ? reason : null, nominal));

    public static readonly Gen<ControlMessage> Control = Gen.Select(
        Gen.Select(Id, Id, Text, Time),
        Optional(Gen.Double[0.01, 120]),
        Optional(Gen.Int[0, 1000]),
        Optional(Gen.Select(Gen.Int[1, 4096], Gen.Int[1, 4096])),
        Optional(Gen.Double[0, 1]),
        Optional(Gen.Enum<LatencyCause>()),
        (head, fps, skip, size, accuracy, cause) => new ControlMessage(
            head.Item1, head.Item2, head.Item3, head.Item4, fps, fps is null && size is null ? skip ?? 0 : skip, size?.Item1, size?.Item2, accuracy, cause));

    public static readonly Gen<LatencyReport> Report = Gen.Select(
        Gen.Select(Id, Id, Gen.Enum<LatencyCause>(), Gen.Bool),
        Gen.Select(Latency, Latency, Gen.Int[0, 100_000]),
        Gen.Select(Gen.Bool, Breakdown, (present, breakdown) => present ? breakdown : null),
        Gen.Select(Text, Time),
        Gen.Select(Optional(Gen.Double[0, 1]), Optional(Latency)),
        (head, figures, tail, text, optional) => new LatencyReport(
            head.Item1, head.Item2, head.Item3, head.Item4, figures.Item1, figures.Item2, figures.Item3, tail, text.Item1, text.Item2, optional.Item1,
            figures.Item2 + optional.Item2));

    public static readonly Gen<SiloStatus> Silo = Gen.Select(
        Gen.Select(Id, Gen.Enum<SiloState>(), Text, Time, Time),
        Gen.Select(Gen.Double[0.5, 3600], Gen.Enum<SiloHealth>(), Gen.Int[0, 100_000], Gen.Int[0, 1024]),
        Gen.Select(Gen.Int[1, 1024], Gen.Long[0, long.MaxValue], (size, sequences) => new BatchSizeCount(size, sequences)).Array[0, 5],
        Gen.Select(Text, Text, (key, version) => new SiloModel(key, "conv3d", version, "cpu")).Array[0, 3],
        Gen.Select(Id, Id, Gen.Bool, Gen.Select(Gen.Bool, Text, Time),
            (site, camera, stalled, latest) => latest.Item1 ? new SiloCamera(site, camera, stalled, latest.Item2, "1.0", latest.Item3) : new SiloCamera(site, camera, stalled)).Array[0, 6],
        Gen.Select(Gen.Bool, Text),
        (head, figures, batches, models, cameras, text) => new SiloStatus(
            head.Item1, head.Item2, head.Item3, head.Item4, head.Item5, figures.Item1, figures.Item2, figures.Item3, figures.Item4,
            [.. batches], [.. models], [.. cameras], text.Item1 ? text.Item2 : null, text.Item1 ? null : text.Item2));

    private static Gen<T?> Optional<T>(Gen<T> gen)
        where T : struct =>
        Gen.Select(Gen.Bool, gen, (present, value) => present ? value : (T?)null);
}

using System.Globalization;
using CsCheck;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Batching;

namespace EdgeVision.Tests.Inference.Batching;

/// <summary>
/// A random run of the inference engine for <see cref="BatcherSimulation"/>: the latency budget and engine options, a
/// learned history the predictor starts from (anything from nothing to many times the budget), each camera's arrivals
/// (gap since its previous sequence, and how much of the budget transport already spent), and forward-pass times in
/// spells (a base time per spell, jitter, a cost per extra sequence in the batch).
/// </summary>
internal sealed record LivenessScenario(
    double TargetMs,
    double MaxLatencyMs,
    double MaxQueueDelayMs,
    double ProbeAfterMs,
    double Deviations,
    double Smoothing,
    int MaxBatchSize,
    (int Size, double Ms)[] History,
    (double GapMs, double TransportShare)[][] CameraArrivals,
    (int Passes, double BaseMs, double JitterMs)[] Spells,
    double PerSequenceMs,
    int Seed)
{
    /// <summary>Budget left at arrival whatever transport spent (0: any share of it, to just short of the deadline).</summary>
    public double ReservedMs { get; init; }

    private static readonly Gen<(int, double)[]> HistoryGen =
        Gen.Select(Gen.Int[1, 8], Gen.Double[0, 3]).Array[0, 12];

    private static readonly Gen<(double, double)[]> ArrivalsGen =
        Gen.Select(Gen.Double[1, 500], Gen.Double[0, 0.99]).Array[10, 120];

    private static readonly Gen<(int, double, double)[]> SpellsGen =
        Gen.Select(Gen.Int[1, 40], Gen.Double[0, 400], Gen.Double[0, 40]).Array[1, 6];

    /// <summary>One camera alone on the engine, sending to one model.</summary>
    public static Gen<LivenessScenario> OneCamera { get; } = For(ArrivalsGen.Array[1, 1]);

    /// <summary>
    /// Two to four cameras sending to one model, each batch able to hold one of each; every sequence arrives with at
    /// least the longest forward pass plus the longest queue delay of its budget left (at least one pass of the others
    /// may run before it, and the maximum latency is raised to allow that).
    /// </summary>
    public static Gen<LivenessScenario> SeveralCameras { get; } = For(ArrivalsGen.Array[2, 4]).Select(s =>
    {
        var batch = Math.Max(s.MaxBatchSize, s.CameraArrivals.Length);
        var widened = s with { MaxBatchSize = batch };
        var reserved = widened.MaxForwardMs + widened.MaxQueueDelayMs;
        return widened with { MaxLatencyMs = Math.Max(widened.MaxLatencyMs, reserved + 1), ReservedMs = reserved };
    });

    public string[] Cameras => [.. Enumerable.Range(0, CameraArrivals.Length).Select(i => $"site/cam-{i}")];

    /// <summary>The longest forward pass this scenario can take.</summary>
    public double MaxForwardMs => Spells.Max(s => s.BaseMs + s.JitterMs) + (PerSequenceMs * (MaxBatchSize - 1));

    /// <summary>The longest gap between two arrivals of one camera.</summary>
    public double MaxGapMs => CameraArrivals.Max(a => a.Max(x => x.GapMs));

    public InferenceConfig Config() => new()
    {
        TargetLatencyMs = TargetMs,
        MaxLatencyMs = MaxLatencyMs,
        EnableBatching = MaxBatchSize > 1,
        MaxBatchSize = MaxBatchSize,
    };

    public InferenceEngineOptions Options() => new()
    {
        MaxPendingRequests = 100_000,
        MaxQueueDelayMs = MaxQueueDelayMs,
        ProbeAfterMs = ProbeAfterMs,
        PredictorDeviations = Deviations,
        PredictorSmoothing = Smoothing,
    };

    /// <summary>History observations in ms (the generator draws them as multiples of the maximum latency).</summary>
    public IEnumerable<(int Size, double Ms)> HistoryMs => History.Select(h => (h.Size, h.Ms * MaxLatencyMs));

    /// <summary>Every camera's arrivals on one time line, in order.</summary>
    public List<Arrival> Arrivals()
    {
        var all = new List<Arrival>();
        var cameras = Cameras;
        for (var c = 0; c < CameraArrivals.Length; c++)
        {
            var at = 0.0;
            foreach (var (gap, share) in CameraArrivals[c])
            {
                at += gap;
                all.Add(new Arrival(cameras[c], at, share * (MaxLatencyMs - ReservedMs)));
            }
        }

        return [.. all.OrderBy(a => a.AtMs)];
    }

    /// <summary>How long forward pass number <paramref name="pass"/> of <paramref name="batchSize"/> sequences takes.</summary>
    public double ForwardMs(int pass, int batchSize)
    {
        var cycle = Spells.Sum(s => s.Passes);
        var index = pass % cycle;
        var spell = Spells[0];
        foreach (var s in Spells)
        {
            spell = s;
            if (index < s.Passes)
            {
                break;
            }

            index -= s.Passes;
        }

        var jitter = new Random(HashCode.Combine(Seed, pass)).NextDouble() * spell.JitterMs;
        return spell.BaseMs + jitter + (PerSequenceMs * (batchSize - 1));
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"target {TargetMs:F1} ms, max {MaxLatencyMs:F1} ms ({ReservedMs:F1} left at arrival), queue delay {MaxQueueDelayMs:F1} ms, probe after {ProbeAfterMs:F0} ms, deviations {Deviations:F2}, smoothing {Smoothing:F2}, batch {MaxBatchSize}; "
        + $"history [{string.Join(", ", HistoryMs.Select(h => $"{h.Size}:{h.Ms:F1}"))}]; spells [{string.Join(", ", Spells.Select(s => $"{s.Passes}x{s.BaseMs:F1}+{s.JitterMs:F1}"))}] +{PerSequenceMs:F1}/seq; "
        + $"arrivals {string.Join(" | ", CameraArrivals.Select(a => string.Join(" ", a.Select(x => $"{x.GapMs:F0}/{x.TransportShare:F2}"))))}");

    private static Gen<LivenessScenario> For(Gen<(double, double)[][]> arrivals) =>
        Gen.Select(
            Gen.Select(Gen.Double[5, 500], Gen.Double[0, 500], Gen.Double[0, 100], Gen.Double[100, 2000]),
            Gen.Select(Gen.Double[0, 3], Gen.Double[0.01, 1], Gen.Int[1, 8]),
            HistoryGen,
            arrivals,
            SpellsGen,
            Gen.Double[0, 50],
            Gen.Int,
            (budget, predictor, history, cameras, spells, perSequence, seed) => new LivenessScenario(
                budget.Item1, budget.Item1 + budget.Item2, budget.Item3, budget.Item4,
                predictor.Item1, predictor.Item2, predictor.Item3,
                history, cameras, spells, perSequence, seed));

    /// <summary>One sequence reaching the engine.</summary>
    /// <param name="Camera">Its camera.</param>
    /// <param name="AtMs">When it reaches the engine, in ms from the start.</param>
    /// <param name="TransportMs">Capture to arrival: the part of the budget already spent.</param>
    internal sealed record Arrival(string Camera, double AtMs, double TransportMs);
}

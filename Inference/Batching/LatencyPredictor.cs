namespace EdgeVision.Inference.Batching;

/// <summary>
/// Forward-pass time per (model, shape, batch size), learned online. Each observed batch size keeps an
/// exponentially weighted mean and mean absolute deviation; the prediction is mean + k deviations. A batch size
/// not yet observed is read off a least-squares line a + b*n through the observed sizes of the same group (one
/// observed size: scaled in proportion above it, its own time below it); a group never observed gets the prior
/// fixed + perSequence*n. Thread-safe.
/// </summary>
public sealed class LatencyPredictor
{
    private readonly Lock gate = new();
    private readonly Dictionary<BatchKey, SortedDictionary<int, Estimate>> estimates = [];
    private readonly double priorFixedSeconds;
    private readonly double priorPerSequenceSeconds;
    private readonly double smoothing;
    private readonly double deviations;

    public LatencyPredictor(InferenceEngineOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join(" ", errors), nameof(options));
        }

        priorFixedSeconds = options.PriorFixedMs / 1000;
        priorPerSequenceSeconds = options.PriorPerSequenceMs / 1000;
        smoothing = options.PredictorSmoothing;
        deviations = options.PredictorDeviations;
    }

    /// <summary>Predicted forward-pass time of a batch of <paramref name="batchSize"/> sequences of group <paramref name="key"/>.</summary>
    public TimeSpan Predict(BatchKey key, int batchSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        lock (gate)
        {
            if (!estimates.TryGetValue(key, out var sizes) || sizes.Count == 0)
            {
                return TimeSpan.FromSeconds(priorFixedSeconds + (priorPerSequenceSeconds * batchSize));
            }

            if (sizes.TryGetValue(batchSize, out var exact))
            {
                return TimeSpan.FromSeconds(exact.Value(deviations));
            }

            return TimeSpan.FromSeconds(Interpolate(sizes, batchSize));
        }
    }

    /// <summary>Learns from one forward pass of <paramref name="batchSize"/> sequences that took <paramref name="duration"/>.</summary>
    public void Observe(BatchKey key, int batchSize, TimeSpan duration)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        var seconds = Math.Max(0, duration.TotalSeconds);
        lock (gate)
        {
            if (!estimates.TryGetValue(key, out var sizes))
            {
                sizes = [];
                estimates.Add(key, sizes);
            }

            if (sizes.TryGetValue(batchSize, out var estimate))
            {
                estimate.Add(seconds, smoothing);
            }
            else
            {
                sizes.Add(batchSize, new Estimate(seconds));
            }
        }
    }

    /// <summary>
    /// The mean forward-pass time learned for exactly this group and batch size, without the deviations
    /// <see cref="Predict"/> adds; null when that size was never observed.
    /// </summary>
    public TimeSpan? Expected(BatchKey key, int batchSize)
    {
        lock (gate)
        {
            return estimates.TryGetValue(key, out var sizes) && sizes.TryGetValue(batchSize, out var estimate)
                ? TimeSpan.FromSeconds(estimate.Mean)
                : null;
        }
    }

    /// <summary>Forward passes observed for this group and batch size.</summary>
    public int Observations(BatchKey key, int batchSize)
    {
        lock (gate)
        {
            return estimates.TryGetValue(key, out var sizes) && sizes.TryGetValue(batchSize, out var estimate) ? estimate.Count : 0;
        }
    }

    private double Interpolate(SortedDictionary<int, Estimate> sizes, int batchSize)
    {
        if (sizes.Count == 1)
        {
            var (size, estimate) = sizes.First();
            var seconds = estimate.Value(deviations);
            return batchSize > size ? seconds * batchSize / size : seconds;
        }

        // Least squares through (n, t): t = a + b n, with b >= 0 (a bigger batch never takes less time).
        double n = sizes.Count, sumX = 0, sumY = 0, sumXx = 0, sumXy = 0;
        foreach (var (size, estimate) in sizes)
        {
            var y = estimate.Value(deviations);
            sumX += size;
            sumY += y;
            sumXx += (double)size * size;
            sumXy += size * y;
        }

        var slope = Math.Max(0, ((n * sumXy) - (sumX * sumY)) / ((n * sumXx) - (sumX * sumX)));
        var intercept = (sumY - (slope * sumX)) / n;
        return Math.Max(0, intercept + (slope * batchSize));
    }

    private sealed class Estimate(double first)
    {
        private double mean = first;
        private double deviation;

        public int Count { get; private set; } = 1;

        public double Mean => mean;

        public void Add(double seconds, double smoothing)
        {
            // A plain average until it has seen 1/smoothing passes, then exponential: fast start, then tracking.
            Count++;
            var weight = Math.Max(smoothing, 1.0 / Count);
            deviation += weight * (Math.Abs(seconds - mean) - deviation);
            mean += weight * (seconds - mean);
        }

        public double Value(double deviations) => mean + (deviations * deviation);
    }
}

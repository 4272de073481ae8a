using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Pixels;

namespace EdgeVision.Tests.Inference.Batching;

/// <summary>
/// The inference engine's loop played on a simulated clock: one <see cref="DynamicBatcher{T}"/> and one
/// <see cref="LatencyPredictor"/>, sequences added at their arrival instants, one forward pass at a time taking the time
/// <see cref="LivenessScenario.ForwardMs"/> says, learned after each pass as the engine does; between passes the loop
/// polls at each arrival and at the due time the batcher names. Records when each camera's requests started a pass.
/// </summary>
internal sealed class BatcherSimulation
{
    private static readonly DateTimeOffset Start = Requests.Start;

    // Every camera sends the same model and shape: one group, so they share the learned estimate and the batches.
    private static readonly BatchKey Key = new("tiny", 4, 3, 32, 32);

    // The batcher looks at shapes and times, never at pixels: every request shares one set of black frames.
    private static readonly SequenceFrames Frames = SequenceFrames.Black(Key.Sequence, Key.Width, Key.Height);

    private readonly LivenessScenario scenario;
    private readonly DynamicBatcher<int> batcher;
    private readonly LatencyPredictor predictor;
    private readonly Dictionary<string, List<double>> forwardPasses = [];
    private int passes;

    public BatcherSimulation(LivenessScenario scenario)
    {
        this.scenario = scenario;
        var options = scenario.Options();
        predictor = new LatencyPredictor(options);
        foreach (var (size, ms) in scenario.HistoryMs)
        {
            predictor.Observe(Key, size, TimeSpan.FromMilliseconds(ms));
        }

        batcher = new DynamicBatcher<int>(scenario.Config(), options, predictor);
    }

    /// <summary>When each camera's requests started a forward pass, in ms from the start.</summary>
    public IReadOnlyDictionary<string, List<double>> ForwardPasses => forwardPasses;

    public int StaleDrops { get; private set; }

    public BatcherSimulation Run()
    {
        var arrivals = scenario.Arrivals();
        var next = 0;
        DateTimeOffset? wake = null; // When the inference thread polls on its own: its pass ends, or a group falls due.
        var inPass = false;
        for (var steps = 0; next < arrivals.Count || batcher.Count > 0; steps++)
        {
            if (steps > 100 * (arrivals.Count + 1))
            {
                throw new InvalidOperationException($"The simulation made no progress: {batcher.Count} pending, next wake {wake:O}.");
            }

            DateTimeOffset now;
            if (next < arrivals.Count && (wake is null || At(arrivals[next].AtMs) <= wake))
            {
                var arrival = arrivals[next++];
                now = At(arrival.AtMs);
                batcher.Add(Request(arrival, now), next, now);
                if (inPass)
                {
                    continue; // The inference thread polls when its forward pass ends.
                }
            }
            else
            {
                now = wake!.Value;
            }

            wake = Poll(now, out inPass);
        }

        return this;
    }

    // One wake-up of the inference thread: returns when it next polls by itself (its pass ends, or the next due time).
    private DateTimeOffset? Poll(DateTimeOffset now, out bool inPass)
    {
        while (true)
        {
            var poll = batcher.Poll(now);
            StaleDrops += poll.Stale.Count;
            if (poll.Batch is { } batch)
            {
                var forward = TimeSpan.FromMilliseconds(scenario.ForwardMs(passes++, batch.Count));
                predictor.Observe(poll.Key!.Value, batch.Count, forward);
                foreach (var camera in batch.Select(q => q.Request.CameraId).Distinct())
                {
                    PassesOf(camera).Add((now - Start).TotalMilliseconds);
                }

                inPass = true;
                return now + forward;
            }

            if (poll.Stale.Count == 0)
            {
                inPass = false;
                return poll.NextDueAt;
            }
        }
    }

    private List<double> PassesOf(string camera)
    {
        if (!forwardPasses.TryGetValue(camera, out var list))
        {
            list = [];
            forwardPasses.Add(camera, list);
        }

        return list;
    }

    private InferenceRequest Request(LivenessScenario.Arrival arrival, DateTimeOffset now)
    {
        var captured = now - TimeSpan.FromMilliseconds(arrival.TransportMs);
        return new InferenceRequest(arrival.Camera, Key.ModelKey, Frames, captured, captured.AddMilliseconds(scenario.MaxLatencyMs));
    }

    private static DateTimeOffset At(double ms) => Start.AddTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond));
}

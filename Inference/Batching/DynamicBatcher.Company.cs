namespace EdgeVision.Inference.Batching;

/// <summary>
/// The company side of <see cref="DynamicBatcher{T}"/>: whether holding a partial batch for more requests can pay.
/// <para>
/// A partial batch waits for company up to <see cref="InferenceEngineOptions.MaxQueueDelayMs"/>. That wait is worth it
/// only when requests of the same group arrive closer together than the queue delay; for a camera alone (one sequence
/// every few hundred milliseconds) it adds the whole queue delay to every result and nothing to any batch. So each group
/// keeps its last <see cref="GapsKept"/> gaps between arrivals, and once it has <see cref="GapsToJudge"/> of them a
/// group in which fewer than a quarter were within the queue delay runs at once. A quarter rather than the mean gap:
/// cameras that publish in step (gaps alternating near zero and long) still find each other.
/// </para>
/// </summary>
public sealed partial class DynamicBatcher<T>
{
    private const int GapsKept = 16;
    private const int GapsToJudge = 4;
    private static readonly TimeSpan ForgetGroupAfter = TimeSpan.FromMinutes(1);

    private readonly Dictionary<BatchKey, ArrivalGaps> arrivals = [];
    private DateTimeOffset arrivalsPruned = DateTimeOffset.MinValue;

    /// <summary>Records an arrival in group <paramref name="key"/>; forgets groups without one for a minute.</summary>
    private void Arrived(BatchKey key, DateTimeOffset now)
    {
        if (now - arrivalsPruned >= ForgetGroupAfter)
        {
            arrivalsPruned = now;
            foreach (var idle in arrivals.Where(a => now - a.Value.Last >= ForgetGroupAfter).Select(a => a.Key).ToArray())
            {
                arrivals.Remove(idle);
            }
        }

        if (arrivals.TryGetValue(key, out var gaps))
        {
            gaps.Add(now);
        }
        else
        {
            arrivals.Add(key, new ArrivalGaps(now));
        }
    }

    /// <summary>False when group <paramref name="key"/>'s recent arrivals say no company will come within the queue delay.</summary>
    private bool CompanyExpected(BatchKey key) =>
        !arrivals.TryGetValue(key, out var gaps) || gaps.Count < GapsToJudge || 4 * gaps.CountWithin(maxQueueDelay) >= gaps.Count;

    private sealed class ArrivalGaps(DateTimeOffset first)
    {
        private readonly TimeSpan[] gaps = new TimeSpan[GapsKept];
        private int next;

        public DateTimeOffset Last { get; private set; } = first;

        public int Count { get; private set; }

        public void Add(DateTimeOffset at)
        {
            gaps[next] = at > Last ? at - Last : TimeSpan.Zero;
            next = (next + 1) % GapsKept;
            Count = Math.Min(Count + 1, GapsKept);
            Last = at > Last ? at : Last;
        }

        public int CountWithin(TimeSpan limit)
        {
            var within = 0;
            for (var i = 0; i < Count; i++)
            {
                within += gaps[i] <= limit ? 1 : 0;
            }

            return within;
        }
    }
}

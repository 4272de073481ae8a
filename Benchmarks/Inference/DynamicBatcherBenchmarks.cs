using BenchmarkDotNet.Attributes;
using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Pixels;

namespace EdgeVision.Benchmarks.Inference;

/// <summary>
/// The batcher's own cost per request (queue, group, plan the deadline, take the batch), to set beside a forward
/// pass measured in milliseconds: <c>dotnet run -c Release --project Benchmarks -- --filter '*DynamicBatcher*'</c>.
/// </summary>
[MemoryDiagnoser]
public class DynamicBatcherBenchmarks
{
    private readonly DateTimeOffset start = new(2026, 11, 25, 12, 0, 0, TimeSpan.Zero);
    private InferenceRequest[] requests = [];
    private DynamicBatcher<int> batcher = null!;

    /// <summary>Cameras sending at once; the maximum batch is 8, so 64 cameras make 8 full batches.</summary>
    [Params(8, 64)]
    public int Cameras { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var frames = SequenceFrames.Black(8, 32, 32);
        requests = Enumerable.Range(0, Cameras)
            .Select(i => new InferenceRequest($"site/cam-{i}", "conv3d", frames, start.AddMilliseconds(i % 7), start.AddMilliseconds(200 + (i % 7))))
            .ToArray();
        var options = new InferenceEngineOptions { MaxPendingRequests = 1024 };
        batcher = new DynamicBatcher<int>(new InferenceConfig { MaxBatchSize = 8 }, options, new LatencyPredictor(options));
    }

    /// <summary>Every camera's request queued, then polled out in batches (returns the batches taken).</summary>
    [Benchmark]
    public int QueueAndBatchEveryCamera()
    {
        for (var i = 0; i < requests.Length; i++)
        {
            batcher.Add(requests[i], i, start);
        }

        var batches = 0;
        while (batcher.Poll(start, flushAll: true).Batch is not null)
        {
            batches++;
        }

        return batches;
    }
}

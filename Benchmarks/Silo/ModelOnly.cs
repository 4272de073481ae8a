using System.Diagnostics;
using EdgeVision.Inference.Catalog;
using EdgeVision.Inference.Runtime;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// The model alone: <c>InferenceSession.Predict</c> back to back on a dedicated thread (as the engine runs it), same
/// checkpoint, same input (N frames of the bench size, 3 channels), same torch thread setting as the silo under test.
/// </summary>
internal sealed class ModelOnly : IDisposable
{
    private readonly ModelCatalog _catalog;
    private readonly SiloBenchOptions _options;

    public ModelOnly(SiloBenchOptions options)
    {
        _options = options;
        _catalog = new ModelCatalog(
            Options.Create(new ModelCatalogOptions { Directory = options.ModelsDirectory }),
            Options.Create(options.HeapRetainBytes is { } retain
                ? new InferenceSessionOptions { ThreadCount = options.Threads, HeapRetainBytes = retain }
                : new InferenceSessionOptions { ThreadCount = options.Threads }),
            NullLoggerFactory.Instance);
    }

    public string Describe()
    {
        var model = _catalog.Describe("conv3d");
        return $"conv3d {model.Version} on {model.Device} ({NativeHeap.Arenas.Description})";
    }

    /// <summary>Sequences/s over <paramref name="duration"/> at <paramref name="batch"/> sequences per forward pass.</summary>
    public double SequencesPerSecond(int batch, TimeSpan duration) => Measure(batch, duration).SequencesPerSecond;

    /// <summary>Sequences/s and process CPU ms per sequence (CPU time is the steadier figure on a shared machine).</summary>
    public (double SequencesPerSecond, double CpuMsPerSequence) Measure(int batch, TimeSpan duration)
    {
        (double, double) result = default;
        var thread = new Thread(() => result = Loop(batch, duration)) { Name = "model-only" };
        thread.Start();
        thread.Join();
        return result;
    }

    public void Dispose() => _catalog.Dispose();

    private (double, double) Loop(int batch, TimeSpan duration)
    {
        var shape = new FrameBatchShape(batch, _options.SequenceLength, 3, _options.Size, _options.Size);
        var random = new Random(batch);
        var frames = new float[shape.Elements];
        for (var i = 0; i < frames.Length; i++)
        {
            frames[i] = (random.NextSingle() - 0.45f) / 0.225f;
        }

        using var lease = _catalog.Acquire("conv3d");
        lease.Session.Predict(frames, shape); // First pass allocates; not timed.
        var passes = 0;
        using var process = Process.GetCurrentProcess();
        var cpu = process.TotalProcessorTime;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < duration || passes == 0)
        {
            lease.Session.Predict(frames, shape);
            passes++;
        }

        var elapsed = clock.Elapsed.TotalSeconds;
        process.Refresh();
        return (passes * batch / elapsed, (process.TotalProcessorTime - cpu).TotalMilliseconds / (passes * batch));
    }
}

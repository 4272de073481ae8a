namespace EdgeVision.Inference.Runtime;

/// <summary>
/// Keeps libtorch's large CPU buffers in the process heap between forward passes. glibc hands every freed block above
/// its mmap threshold (128 KiB, rising to at most 32 MiB) straight back to the kernel, so a forward pass whose
/// activations exceed it maps, page-faults and zeroes them afresh every time: on this project's conv3d at 64x64 a
/// batch of 8 cost 55 ms per sequence against 14 at batch 1, and with the thresholds raised 6-8 ms (BENCHMARKS.md,
/// issue #5), so without this dynamic batching makes a loaded silo slower, not faster. The price: the heap keeps its
/// peak size rather than shrinking after a burst. Process-wide, applied once; an explicit <c>MALLOC_MMAP_THRESHOLD_</c>
/// or <c>MALLOC_TRIM_THRESHOLD_</c> in the environment wins, and on a C library without glibc's <c>mallopt</c> nothing
/// changes.
/// <para>
/// The thresholds govern glibc's main arena. Threads other than the main one (the engine's inference thread) allocate
/// from per-thread arenas, whose heaps hold at most 64 MiB and are trimmed regardless, so at 112x112 the same waste
/// returns there (8x3x112x112 conv3d: 5-7 sequences/s at batch 8 against 38-46 with every thread on the main arena).
/// Only the environment can choose the arena count before threads start: <c>MALLOC_ARENA_MAX=1</c> for every process
/// that runs inference. <see cref="SingleArena"/> says whether it is set; the session logs a warning when not.
/// </para>
/// </summary>
public static partial class NativeHeap
{
    private static readonly Lock Gate = new();
    private static string? outcome;

    /// <summary>True when the environment puts every thread on glibc's main arena (<c>MALLOC_ARENA_MAX=1</c>, or the same tunable).</summary>
    public static bool SingleArena =>
        Environment.GetEnvironmentVariable("MALLOC_ARENA_MAX") is "1" ||
        (Environment.GetEnvironmentVariable("GLIBC_TUNABLES") ?? string.Empty).Split(':').Contains("glibc.malloc.arena_max=1");

    /// <summary>The environment variable <see cref="SingleArena"/> asks for, for messages.</summary>
    public const string SingleArenaSetting = "MALLOC_ARENA_MAX=1";

    /// <summary>Raises glibc's mmap and trim thresholds to <paramref name="bytes"/> (0: leave them); says what it did.</summary>
    public static string RetainFreedBlocks(int bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        lock (Gate)
        {
            return outcome ??= Apply(bytes);
        }
    }

    private static string Apply(int bytes)
    {
        if (bytes == 0)
        {
            return "glibc's heap thresholds left at their defaults (InferenceSession:HeapRetainBytes is 0)";
        }

        if (!OperatingSystem.IsLinux())
        {
            return "heap thresholds not changed (not Linux)";
        }

        if (Environment.GetEnvironmentVariable("MALLOC_MMAP_THRESHOLD_") is { Length: > 0 } || Environment.GetEnvironmentVariable("MALLOC_TRIM_THRESHOLD_") is { Length: > 0 })
        {
            return "heap thresholds left to the environment's MALLOC_MMAP_THRESHOLD_ / MALLOC_TRIM_THRESHOLD_";
        }

        try
        {
            var mmap = LibC.Mallopt(LibC.MmapThreshold, bytes);
            var trim = LibC.Mallopt(LibC.TrimThreshold, bytes);
            return mmap == 1 && trim == 1
                ? $"freed native blocks up to {bytes / (1024 * 1024)} MiB stay in the heap for reuse (glibc mmap and trim thresholds)"
                : $"the C library refused the heap thresholds (mallopt returned {mmap}, {trim}); large buffers are mapped afresh each forward pass";
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return $"heap thresholds not changed: the C library has no mallopt ({ex.GetType().Name})";
        }
    }
}

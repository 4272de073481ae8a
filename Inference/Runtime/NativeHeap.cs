using EdgeVision.Startup;

namespace EdgeVision.Inference.Runtime;

/// <summary>
/// Keeps libtorch's large CPU buffers in the process heap between forward passes. glibc hands every freed block above
/// its mmap threshold (128 KiB, rising to at most 32 MiB) straight back to the kernel, so a forward pass whose
/// activations exceed it maps, page-faults and zeroes them afresh every time: on this project's conv3d at 64x64 a
/// batch of 8 cost 55 ms per sequence against 14 at batch 1, and with the thresholds raised 6-8 ms (BENCHMARKS.md), so
/// without this dynamic batching makes a loaded silo slower, not faster. The price: the heap keeps its peak size rather
/// than shrinking after a burst. Process-wide, applied once; an explicit <c>MALLOC_MMAP_THRESHOLD_</c> or
/// <c>MALLOC_TRIM_THRESHOLD_</c> in the environment wins, and on a C library without glibc's <c>mallopt</c> nothing
/// changes.
/// <para>
/// The thresholds govern glibc's main arena only. Other threads (the engine's inference thread, a training loop on the
/// thread pool) allocate from per-thread arenas, whose heaps hold at most 64 MiB: a larger block (a conv3d activation
/// at 8x32x8x112x112 floats is 98 MiB) is always mapped on its own and unmapped on free, so at 112x112 the waste
/// returns (5-7 sequences/s at batch 8 against 38-46 with every thread on the main arena). Only one arena
/// (<c>MALLOC_ARENA_MAX=1</c>) puts those threads on the main arena, and glibc reads that variable once, when the
/// process starts. <see cref="UseOneArena"/>, the first statement of every executable that infers on the CPU (silo,
/// <c>edgevision</c>, Benchmarks), therefore re-executes the process with it when it is missing
/// (<see cref="StartEnvironment"/>, which the edge agent uses too).
/// </para>
/// <para>
/// Why a restart and not <c>mallopt(M_ARENA_MAX, 1)</c> from Main: by then the runtime's threads have created several
/// arenas, a call only stops new ones, and glibc hands a new thread an exited thread's arena from its free list or the
/// next existing arena round robin (<c>arena_get2</c>, <c>reused_arena</c>), rarely the main one. Measured: on 7 of 8
/// fresh threads a 100 MiB block was still mapped afresh after such a call (the silo A/B is in BENCHMARKS.md, "Native
/// memory"). libtorch's allocator hooks (<c>c10::SetCPUAllocator</c>, the mobile <c>CPUCachingAllocator</c>) take C++
/// objects that TorchSharp's C API does not reach. The restart is an <c>execve</c> of the same executable with the same
/// arguments and environment plus the variable (<see cref="StartEnvironment.Apply"/>): the same process id, so shells,
/// Aspire, systemd and Kubernetes see one process, and the standard streams, working directory, signal dispositions and
/// process name are those it was started with. It costs one more runtime start (0.1-0.3 s on the development machine).
/// </para>
/// </summary>
public static class NativeHeap
{
    /// <summary>Set to <c>0</c> to keep glibc's per-thread arenas (no restart); <c>1</c>, or unset, restarts.</summary>
    public const string OneArenaVariable = "EDGEVISION_ONE_ARENA";

    private const string Slow = "the inference thread's large buffers are mapped and unmapped every forward pass";

    private static readonly Lock Gate = new();
    private static string? outcome;

    /// <summary>What the inference executables restart themselves with: one glibc arena, unless <see cref="OneArenaVariable"/> is 0.</summary>
    public static StartEnvironment OneArena { get; } = new(OneArenaVariable, StartVariable.OneGlibcArena);

    /// <summary>How glibc's arenas serve this process: what <see cref="UseOneArena"/> found or did, else what the environment says.</summary>
    public static ArenaSetup Arenas => Describe(OneArena.InForce()[StartVariable.OneGlibcArena.Name]);

    /// <summary>
    /// Puts every thread of this process on glibc's main arena: when <c>MALLOC_ARENA_MAX</c> is not set, re-executes the
    /// process with <c>MALLOC_ARENA_MAX=1</c> and does not return. Call it first in <c>Main</c>, before anything the
    /// process does could be done twice. Returns when the environment already decides (<c>MALLOC_ARENA_MAX</c>, the
    /// same glibc tunable, or <see cref="OneArenaVariable"/>=0), off Linux or glibc, on the restarted process, and when
    /// the restart fails (a CPU session then warns). An invalid <see cref="OneArenaVariable"/> ends the process with
    /// exit code 2 and a message naming it.
    /// </summary>
    public static void UseOneArena() => OneArena.Apply();

    /// <summary>What <paramref name="arenaMax"/> (the <c>MALLOC_ARENA_MAX</c> setting) means for CPU inference.</summary>
    internal static ArenaSetup Describe(StartSetting arenaMax) =>
        arenaMax.Source == SettingSource.NotLinuxGlibc ? new ArenaSetup(false, true, "not glibc on Linux: glibc's arenas do not apply")
        : arenaMax.InForce ? new ArenaSetup(true, true, $"one glibc arena: {arenaMax.Description}")
        : arenaMax.Source == SettingSource.NotRequested
            ? new ArenaSetup(false, false, $"glibc's per-thread arenas: {arenaMax.Description} (NativeHeap.UseOneArena() was not called); {Slow}")
            : new ArenaSetup(false, !arenaMax.Missed, $"glibc's per-thread arenas: {arenaMax.Description}; {Slow}");

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
            return "glibc's heap thresholds left at their defaults (Silo:InferenceSession:HeapRetainBytes is 0)";
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

using System.Runtime.InteropServices;
using EdgeVision.Inference.Models;
using EdgeVision.Inference.Runtime;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;

namespace EdgeVision.Tests.Inference.Runtime;

/// <summary>The process-wide heap tuning every <see cref="InferenceSession"/> applies (glibc on Linux, as on these machines).</summary>
public sealed class NativeHeapTests
{
    [Fact]
    public void AfterASessionStartsALargeFreedBufferStaysInTheHeapInsteadOfBeingMappedAfresh()
    {
        Assert.SkipUnless(OperatingSystem.IsLinux(), "glibc's mallopt is Linux-only");
        var logger = new FakeLogger<InferenceSession>();
        using var session = new InferenceSession(TinyModels.Create(VideoModelKinds.Conv3d), new InferenceSessionOptions { PreferCuda = false }, logger);
        Assert.SkipWhen(session.HeapTuning.Contains("environment", StringComparison.Ordinal), "the environment sets the thresholds");

        // 40 MiB is above glibc's largest default mmap threshold (32 MiB), so with the defaults it would be its own
        // mapping, and under the 64 MiB a per-thread arena's heap can hold, so it stays in the heap whichever arena serves it.
        var mappedBefore = MallInfo2().Hblkhd;
        var block = Marshal.AllocHGlobal(40 * 1024 * 1024); // malloc on Unix
        var mappedWhileHeld = MallInfo2().Hblkhd;
        Marshal.FreeHGlobal(block);

        Assert.Contains("MiB stay in the heap", session.HeapTuning);
        Assert.Contains(logger.Collector.GetSnapshot(), r => r.Message.Contains(session.HeapTuning, StringComparison.Ordinal));
        Assert.Equal(mappedBefore, mappedWhileHeld);
        Assert.Contains(NativeHeap.Arenas.Description, session.HeapTuning);
        Assert.Equal(!NativeHeap.Arenas.OneArena && !NativeHeap.Arenas.Intended, logger.Collector.GetSnapshot().Any(r => r.Level == LogLevel.Warning && r.Message.Contains(NativeHeap.Arenas.Description, StringComparison.Ordinal)));
    }

    [Fact]
    public void ANegativeRetainSizeIsRejectedNamingTheKey()
    {
        var errors = new InferenceSessionOptions { HeapRetainBytes = -1 }.Validate("Silo:InferenceSession");

        Assert.Contains(errors, e => e.Contains("Silo:InferenceSession:HeapRetainBytes", StringComparison.Ordinal));
    }

    [DllImport("libc", EntryPoint = "mallinfo2")]
    private static extern MallocInfo MallInfo2();

    // glibc's struct mallinfo2: ten size_t fields; Hblkhd is the bytes held in mmapped blocks.
    [StructLayout(LayoutKind.Sequential)]
    private readonly struct MallocInfo
    {
        public readonly nuint Arena;
        public readonly nuint Ordblks;
        public readonly nuint Smblks;
        public readonly nuint Hblks;
        public readonly nuint Hblkhd;
        public readonly nuint Usmblks;
        public readonly nuint Fsmblks;
        public readonly nuint Uordblks;
        public readonly nuint Fordblks;
        public readonly nuint Keepcost;
    }
}

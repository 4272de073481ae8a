using System.Runtime.InteropServices;

namespace EdgeVision.Inference.Runtime;

/// <summary>
/// What glibc does with one large block allocated and freed on a new thread, as libtorch does with a forward pass's
/// activations on the engine's inference thread: does it come from the heap and go back to it, or is it mapped on its
/// own and unmapped again on free (the page faults and zeroing every forward pass pays)? Read from glibc's own
/// count of mapped bytes (<c>mallinfo2</c>).
/// </summary>
public sealed record HeapProbe(bool StaysInHeap, string Detail)
{
    /// <summary>128 MiB: above the 64 MiB a per-thread arena's heap can hold, and above the largest activation of the shipped conv3d at 112x112, batch 8 (98 MiB).</summary>
    public const int DefaultBytes = 128 << 20;

    /// <summary>Allocates and frees <paramref name="bytes"/> on a new thread, with the heap thresholds an <see cref="InferenceSession"/> applies.</summary>
    public static HeapProbe OnNewThread(int bytes = DefaultBytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bytes);
        if (!OperatingSystem.IsLinux())
        {
            return new HeapProbe(true, "not Linux: glibc's heap does not apply");
        }

        var thresholds = $"{NativeHeap.RetainFreedBlocks(new InferenceSessionOptions().HeapRetainBytes)}; {NativeHeap.Arenas.Description}";
        bool? mapped = null;
        var thread = new Thread(() => mapped = MappedOnItsOwn(bytes)) { Name = "EdgeVision heap probe" };
        thread.Start();
        thread.Join();
        var size = $"a {bytes >> 20} MiB block freed on a new thread";
        return mapped switch
        {
            false => new HeapProbe(true, $"{size} stays in the heap for the next forward pass ({thresholds})"),
            true => new HeapProbe(false, $"{size} is mapped on its own and unmapped on free: every forward pass page-faults its large activations afresh ({thresholds})"),
            null => new HeapProbe(true, "the C library has no mallinfo2 (not glibc 2.33 or later): nothing to check"),
        };
    }

    private static bool? MappedOnItsOwn(int bytes)
    {
        try
        {
            var before = LibC.MallInfo2().Hblkhd;
            var block = Marshal.AllocHGlobal(bytes); // malloc on Unix
            var held = LibC.MallInfo2().Hblkhd;
            Marshal.FreeHGlobal(block);
            return held >= before + (nuint)bytes;
        }
        catch (Exception ex) when (ex is DllNotFoundException or EntryPointNotFoundException)
        {
            return null;
        }
    }
}

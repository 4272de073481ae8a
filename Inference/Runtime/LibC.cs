using System.Runtime.InteropServices;

namespace EdgeVision.Inference.Runtime;

/// <summary>The few C library calls <see cref="NativeHeap"/> and <see cref="HeapProbe"/> make. Each throws <see cref="DllNotFoundException"/> or
/// <see cref="EntryPointNotFoundException"/> on a C library without it.</summary>
internal static class LibC
{
    public const int TrimThreshold = -1; // M_TRIM_THRESHOLD
    public const int MmapThreshold = -3; // M_MMAP_THRESHOLD

    [DllImport("libc", EntryPoint = "mallopt")]
    public static extern int Mallopt(int parameter, int value);

    [DllImport("libc", EntryPoint = "mallinfo2")]
    public static extern MallocInfo MallInfo2();

    /// <summary>glibc's <c>struct mallinfo2</c>: ten <c>size_t</c> fields.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public readonly struct MallocInfo
    {
        public readonly nuint Arena;
        public readonly nuint Ordblks;
        public readonly nuint Smblks;
        public readonly nuint Hblks;

        /// <summary>Bytes held in blocks mapped on their own (every one of them is unmapped when freed).</summary>
        public readonly nuint Hblkhd;
        public readonly nuint Usmblks;
        public readonly nuint Fsmblks;
        public readonly nuint Uordblks;
        public readonly nuint Fordblks;
        public readonly nuint Keepcost;
    }
}

namespace EdgeVision.Inference.Runtime;

/// <summary>How an <see cref="InferenceSession"/> uses the machine. Bound from the <c>InferenceSession</c> section.</summary>
public sealed class InferenceSessionOptions
{
    public const string SectionName = "InferenceSession";

    /// <summary>Intra-op threads for libtorch (process-wide); 0 keeps libtorch's default (all cores).</summary>
    public int ThreadCount { get; set; }

    /// <summary>Use CUDA when libtorch reports it available; otherwise (or when false) the CPU.</summary>
    public bool PreferCuda { get; set; } = true;

    /// <summary>
    /// Freed native blocks up to this many bytes stay in the process heap for the next forward pass instead of going back
    /// to the kernel (glibc's mmap and trim thresholds, process-wide; see <see cref="NativeHeap"/>). 0 leaves glibc's
    /// defaults, under which every batch's large activations are mapped and page-faulted afresh.
    /// </summary>
    public int HeapRetainBytes { get; set; } = 1 << 30;

    /// <summary>Every problem with these options, naming the key to fix.</summary>
    public IReadOnlyList<string> Validate()
    {
        List<string> errors = [];
        if (ThreadCount is < 0 or > 1024)
        {
            errors.Add($"{SectionName}:{nameof(ThreadCount)} must be between 0 and 1024 (was {ThreadCount}).");
        }

        if (HeapRetainBytes < 0)
        {
            errors.Add($"{SectionName}:{nameof(HeapRetainBytes)} must be 0 (glibc's defaults) or a positive number of bytes (was {HeapRetainBytes}).");
        }

        return errors;
    }
}

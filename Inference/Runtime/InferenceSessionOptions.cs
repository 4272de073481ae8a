using EdgeVision.Contracts.Configuration;

namespace EdgeVision.Inference.Runtime;

/// <summary>How an <see cref="InferenceSession"/> uses the machine. The silo binds it from <c>Silo:InferenceSession</c>.</summary>
public sealed class InferenceSessionOptions
{
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

    /// <summary>Every problem with these options, each naming its key under <paramref name="section"/> (bare when empty).</summary>
    public IReadOnlyList<string> Validate(string section = "")
    {
        var errors = new ValidationErrors(section);
        errors.Range(nameof(ThreadCount), ThreadCount, 0, 1024);
        if (HeapRetainBytes < 0)
        {
            errors.Add(nameof(HeapRetainBytes), $"must be 0 (glibc's defaults) or a positive number of bytes (was {HeapRetainBytes}).");
        }

        return errors.Errors;
    }
}

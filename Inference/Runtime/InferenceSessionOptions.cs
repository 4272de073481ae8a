namespace EdgeVision.Inference.Runtime;

/// <summary>How an <see cref="InferenceSession"/> uses the machine. Bound from the <c>InferenceSession</c> section.</summary>
public sealed class InferenceSessionOptions
{
    public const string SectionName = "InferenceSession";

    /// <summary>Intra-op threads for libtorch (process-wide); 0 keeps libtorch's default (all cores).</summary>
    public int ThreadCount { get; set; }

    /// <summary>Use CUDA when libtorch reports it available; otherwise (or when false) the CPU.</summary>
    public bool PreferCuda { get; set; } = true;

    /// <summary>Every problem with these options, naming the key to fix.</summary>
    public IReadOnlyList<string> Validate() =>
        ThreadCount is < 0 or > 1024
            ? [$"{SectionName}:{nameof(ThreadCount)} must be between 0 and 1024 (was {ThreadCount})."]
            : [];
}

namespace EdgeVision.Inference.Batching;

/// <summary>Which request makes room when pending work is at its bound (either way counted as an overload drop).</summary>
public enum OverloadPolicy
{
    /// <summary>The most urgent pending request (the one nearest its deadline) is dropped; the new one is queued.</summary>
    DropOldest,

    /// <summary>The new request is dropped.</summary>
    RejectNewest,
}

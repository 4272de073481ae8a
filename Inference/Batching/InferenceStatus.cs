namespace EdgeVision.Inference.Batching;

/// <summary>How a request ended: with probabilities, or as a counted drop with a reason.</summary>
public enum InferenceStatus
{
    Completed,
    Dropped,
}

namespace EdgeVision.Inference.Models;

/// <summary>How <see cref="HybridVideoModel"/> combines its three models (the guide's fusion modes).</summary>
public enum FusionMode
{
    /// <summary>Learned weights, softmax-normalised to sum to 1, over the three models' logits. Forward returns logits.</summary>
    Weighted,

    /// <summary>The three feature vectors concatenated into one linear head. Forward returns logits.</summary>
    Concat,

    /// <summary>Average of the three models' softmax outputs. Forward returns probabilities, not logits.</summary>
    Ensemble,
}

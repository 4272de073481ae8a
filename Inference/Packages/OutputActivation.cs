namespace EdgeVision.Inference.Packages;

/// <summary>How scores become probabilities.</summary>
public enum OutputActivation
{
    /// <summary>One class per clip: a row sums to 1.</summary>
    Softmax,

    /// <summary>Independent classes (multi-label): each value in [0, 1] on its own.</summary>
    Sigmoid,
}

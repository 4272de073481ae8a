namespace EdgeVision.Inference.Packages;

/// <summary>What a model's output row holds.</summary>
public enum OutputKind
{
    /// <summary>Raw scores; the serving runtime applies the manifest's activation.</summary>
    Logits,

    /// <summary>Probabilities already; served as they are.</summary>
    Probabilities,
}

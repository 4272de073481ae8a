namespace EdgeVision.Inference.Classes;

/// <summary>One class of a prediction: its index in the model's output, its name, and the model's probability for it.</summary>
public readonly record struct RankedClass(int Index, string Label, float Probability);

namespace EdgeVision.Inference.Packages;

/// <summary>What a model's output is: one row of class scores per clip.</summary>
/// <param name="Name">The output's name in the model file (ONNX output name).</param>
/// <param name="Kind">Logits (the activation applies) or probabilities (served as they are).</param>
/// <param name="Activation">How logits become probabilities: softmax (one class per clip) or sigmoid (multi-label).</param>
public sealed record ModelOutput(string Name, OutputKind Kind, OutputActivation Activation)
{
    /// <summary>Turns one row of raw outputs into probabilities, in place.</summary>
    public void ToProbabilities(Span<float> row)
    {
        if (Kind == OutputKind.Probabilities)
        {
            return;
        }

        if (Activation == OutputActivation.Sigmoid)
        {
            for (var i = 0; i < row.Length; i++)
            {
                row[i] = 1 / (1 + MathF.Exp(-row[i]));
            }

            return;
        }

        var max = float.NegativeInfinity;
        foreach (var value in row)
        {
            max = MathF.Max(max, value);
        }

        var sum = 0.0;
        for (var i = 0; i < row.Length; i++)
        {
            row[i] = MathF.Exp(row[i] - max);
            sum += row[i];
        }

        for (var i = 0; i < row.Length; i++)
        {
            row[i] = (float)(row[i] / sum);
        }
    }
}

namespace EdgeVision.Inference.Checkpoints;

/// <summary>Weights that do not fit the model their configuration builds; <see cref="Differences"/> names each one.</summary>
public sealed class CheckpointMismatchException(string source, string kind, IReadOnlyList<string> differences)
    : Exception($"Weights in '{source}' do not fit the {kind} model built from the configuration: {string.Join("; ", differences)}.")
{
    public IReadOnlyList<string> Differences { get; } = differences;
}

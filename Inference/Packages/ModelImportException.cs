namespace EdgeVision.Inference.Packages;

/// <summary>A model file that cannot be imported as described; the message says why and what would fix it.</summary>
public sealed class ModelImportException(string message) : Exception(message);

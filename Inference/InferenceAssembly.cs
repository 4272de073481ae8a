namespace EdgeVision.Inference;

internal static class InferenceAssembly;

namespace EdgeVision.Synthetic;

internal static class SyntheticAssembly;

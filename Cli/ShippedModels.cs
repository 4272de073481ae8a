namespace EdgeVision.Cli;

/// <summary>
/// The reference checkpoints in the repository's <c>models/</c> folder, copied next to the executable by the
/// build (see models/README.md for the commands and seeds that produced them).
/// </summary>
internal static class ShippedModels
{
    public static string Directory => Path.Combine(AppContext.BaseDirectory, "models");

    public static string PathFor(string kind) => Path.Combine(Directory, $"{kind.ToLowerInvariant()}.ckpt");
}

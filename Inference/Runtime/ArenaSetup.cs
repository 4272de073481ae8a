namespace EdgeVision.Inference.Runtime;

/// <summary>How glibc's arenas serve this process, and why (see <see cref="NativeHeap"/>).</summary>
/// <param name="OneArena">Every thread, the inference thread included, allocates from glibc's main arena.</param>
/// <param name="Intended">Whoever started the process chose this (or the arena count does not apply here); when false a
/// CPU inference session warns.</param>
/// <param name="Description">One clause for logs and reports.</param>
public sealed record ArenaSetup(bool OneArena, bool Intended, string Description);

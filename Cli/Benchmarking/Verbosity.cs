namespace EdgeVision.Cli.Benchmarking;

/// <summary>How much a run prints while it goes.</summary>
internal enum Verbosity
{
    Quiet,
    Normal,
    Verbose,
}

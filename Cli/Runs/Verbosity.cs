namespace EdgeVision.Cli.Runs;

/// <summary>How much a run prints while it goes.</summary>
internal enum Verbosity
{
    Quiet,
    Normal,
    Verbose,
}

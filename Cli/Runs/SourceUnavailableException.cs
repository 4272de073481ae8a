namespace EdgeVision.Cli.Runs;

/// <summary>The source delivered no frame: unreachable, unreadable, or silent past the connect timeout.</summary>
internal sealed class SourceUnavailableException(string message) : Exception(message)
{
    /// <summary>The exit code for it (1 is a parse error, 2 a bad argument or file).</summary>
    public const int ExitCode = 3;
}

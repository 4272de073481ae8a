namespace EdgeVision.Cli.Runs.OverMqtt;

/// <summary>The broker of a <c>--cluster</c> run could not be reached, refused the connection or the subscription.</summary>
internal sealed class BrokerUnavailableException(string message) : Exception(message)
{
    /// <summary>The exit code for it (1 is a parse error, 2 a bad argument or file, 3 an unreachable source).</summary>
    public const int ExitCode = 4;
}

using System.CommandLine;

namespace EdgeVision.Cli.Runs;

/// <summary>
/// A command that handles Ctrl+C and SIGTERM itself (<see cref="TerminationSignals"/>): it drains and writes its
/// report however long that takes, so System.CommandLine's own handler (which gives up after 2 s) is turned off for it.
/// </summary>
internal sealed class GracefulStopCommand(string name, string description) : Command(name, description);

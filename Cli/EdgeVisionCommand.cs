using System.CommandLine;
using EdgeVision.Cli.Commands;

namespace EdgeVision.Cli;

/// <summary>The root of the <c>edgevision</c> command line.</summary>
public static class EdgeVisionCommand
{
    public static RootCommand Create() => new("EdgeVision: real-time video understanding across many cameras.")
    {
        DoctorCommand.Create(),
    };
}

using System.Text;
using EdgeVision.Startup;

namespace EdgeVision.Tests.Startup;

/// <summary>What a process that restarts itself hands the new image: its arguments whole, and no stale socket file of its own.</summary>
public sealed class SelfRestartTests
{
    [Fact]
    public void EveryArgumentOfTheCommandLineIsHandedOnWhole()
    {
        var commandLine = Encoding.UTF8.GetBytes("dotnet\0edgevision.dll\0--source\0a file ü.mp4\0\0last\0");

        var starts = SelfRestart.ArgumentStarts(commandLine).ToArray();

        Assert.Equal(["dotnet", "edgevision.dll", "--source", "a file ü.mp4", "", "last"], starts.Select(s => Encoding.UTF8.GetString(commandLine.AsSpan(s)).Split('\0')[0]));
    }

    [Fact]
    public void OnlyThisProcesssListeningSocketFilesAreRemovedBeforeTheExec()
    {
        string[] netUnix =
        [
            "0000000068243264: 00000002 00000000 00010000 0001 01 73514 /tmp/dotnet-diagnostic-18355-1217769-socket",
            "0000000068243265: 00000002 00000000 00010000 0001 01 99999 /tmp/dotnet-diagnostic-1-1-socket",
            "0000000068243266: 00000003 00000000 00000000 0001 03 73515 /tmp/connected.sock",
            "0000000068243267: 00000002 00000000 00010000 0001 01 73516 @abstract",
            "0000000068243268: 00000002 00000000 00010000 0001 01 73517",
        ];

        var paths = SelfRestart.ListeningSocketPaths(netUnix, new HashSet<string> { "73514", "73515", "73516", "73517" });

        Assert.Equal(["/tmp/dotnet-diagnostic-18355-1217769-socket"], paths);
    }
}

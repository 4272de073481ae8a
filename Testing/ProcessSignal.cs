using System.Diagnostics;
using System.Globalization;

namespace EdgeVision.Testing;

/// <summary>Signals a child process by id with <c>kill -SIGNAL pid</c> (SIGSTOP, SIGCONT, SIGTERM: what .NET's Process cannot send).</summary>
public static class ProcessSignal
{
    /// <summary>Sends <paramref name="signal"/> (a name without <c>SIG</c>: <c>STOP</c>, <c>CONT</c>, <c>TERM</c>) to <paramref name="processId"/>.</summary>
    public static async Task SendAsync(int processId, string signal, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo("kill") { UseShellExecute = false, ArgumentList = { "-" + signal, processId.ToString(CultureInfo.InvariantCulture) } };
        using var kill = Process.Start(start) ?? throw new InvalidOperationException("kill did not start.");
        await kill.WaitForExitAsync(cancellationToken);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {processId} exited with {kill.ExitCode}.");
        }
    }
}

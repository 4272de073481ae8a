using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;

namespace EdgeVision.Tests.Cli;

/// <summary>
/// <c>edgevision live</c> as a real process (the built executable, started with the dotnet host): waits for its first
/// printed prediction, sends it a signal, and returns its exit code and everything it wrote.
/// </summary>
internal static class LiveProcess
{
    public const int Interrupt = 2;

    public const int Terminate = 15;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    public static async Task<(int Exit, string Output)> RunUntilSignalAsync(int signal, params string[] arguments)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var start = new ProcessStartInfo(DotnetHost(), [BenchmarkTestKit.EdgeVisionDll(), "live", .. arguments])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var transcript = new StringBuilder();
        var firstPrediction = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) =>
        {
            lock (transcript)
            {
                transcript.AppendLine(e.Data);
            }

            if (e.Data?.StartsWith("seq ", StringComparison.Ordinal) == true)
            {
                firstPrediction.TrySetResult();
            }
        };
        process.ErrorDataReceived += (_, e) =>
        {
            lock (transcript)
            {
                transcript.AppendLine(e.Data);
            }
        };
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await Task.WhenAny(firstPrediction.Task, process.WaitForExitAsync(cancellation)).WaitAsync(Patience, cancellation);
            Assert.False(process.HasExited, $"edgevision live exited before its first prediction:\n{transcript}");
            Assert.Equal(0, Kill(process.Id, signal));
            await process.WaitForExitAsync(cancellation).WaitAsync(Patience, cancellation);
            process.WaitForExit(); // flushes the redirected streams
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        lock (transcript)
        {
            return (process.ExitCode, transcript.ToString());
        }
    }

    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

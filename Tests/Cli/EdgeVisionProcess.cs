using System.Diagnostics;

namespace EdgeVision.Tests.Cli;

/// <summary>
/// The built <c>edgevision</c> as users start it (<c>dotnet edgevision.dll ...</c>), or another built executable of the
/// repository (<see cref="RunDllAsync"/>), in an environment without the native-heap variables the test runner may have
/// (<c>MALLOC_ARENA_MAX</c>, <c>GLIBC_TUNABLES</c>, <c>EDGEVISION_ONE_ARENA</c>), plus <c>environment</c>; returns its exit
/// code and what it wrote.
/// </summary>
internal static class EdgeVisionProcess
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    public static Task<(int Exit, string Output, string Error)> RunAsync(string[] arguments, IReadOnlyDictionary<string, string>? environment = null, string? input = null) =>
        RunDllAsync(BenchmarkTestKit.EdgeVisionDll(), arguments, environment, input);

    public static async Task<(int Exit, string Output, string Error)> RunDllAsync(
        string dll, string[] arguments, IReadOnlyDictionary<string, string>? environment = null, string? input = null, TimeSpan? patience = null)
    {
        var cancellation = TestContext.Current.CancellationToken;
        var start = new ProcessStartInfo(DotnetHost(), [dll, .. arguments])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var inherited in new[] { "MALLOC_ARENA_MAX", "GLIBC_TUNABLES", "EDGEVISION_ONE_ARENA", "EDGEVISION_RESTARTED" })
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[key] = value;
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException("dotnet did not start.");
        try
        {
            var output = process.StandardOutput.ReadToEndAsync(cancellation);
            var error = process.StandardError.ReadToEndAsync(cancellation);
            if (input is not null)
            {
                await process.StandardInput.WriteAsync(input.AsMemory(), cancellation);
            }

            process.StandardInput.Close();
            await process.WaitForExitAsync(cancellation).WaitAsync(patience ?? Patience, cancellation);
            return (process.ExitCode, await output, await error);
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
    }

    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";
}

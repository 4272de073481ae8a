using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using EdgeVision.Tests.Silo;

namespace EdgeVision.Tests.Cli;

/// <summary>
/// <c>edgevision live --cluster</c> as a real process against a real broker and silo: SIGINT stops the source, the
/// sequences already published still get their results (or a counted drop), and the report and the JSONL log agree.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(SingleSiloCollection.Name)]
public sealed class ClusterProcessTests(SingleSiloFixture fixture) : IDisposable
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("edgevision-cli-cluster-process-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public async Task SigintStopsALiveClusterRunAndItsReportMatchesTheLog()
    {
        var log = Path.Combine(_folder.FullName, "results.jsonl");
        var report = Path.Combine(_folder.FullName, "final_report.json");
        var cancellation = TestContext.Current.CancellationToken;
        var start = new ProcessStartInfo(DotnetHost(), [BenchmarkTestKit.EdgeVisionDll(), "live", "--cluster", "--broker", $"127.0.0.1:{fixture.Broker.Port}",
            "--camera", "cli-sigint", "--source", "synthetic", "--result-timeout", "60", "--output-file", log, "--report-file", report])
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
            Assert.False(process.HasExited, $"edgevision live --cluster exited before its first prediction:\n{transcript}");
            Assert.Equal(0, Kill(process.Id, 2));
            await process.WaitForExitAsync(cancellation).WaitAsync(Patience, cancellation);
            process.WaitForExit();
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }

        var output = transcript.ToString();
        Assert.True(process.ExitCode == 0, output);
        var records = (await File.ReadAllLinesAsync(log, cancellation)).Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        var json = BenchmarkTestKit.ReadJson(report);
        Assert.Equal("SIGINT", json.GetProperty("stopReason").GetString());
        Assert.Equal(records.Length, json.GetProperty("sequences").GetProperty("assembled").GetInt64());
        Assert.Equal(records.Count(r => r.GetProperty("status").GetString() == "completed"), json.GetProperty("cluster").GetProperty("resultsMatched").GetInt64());
        Assert.True(json.GetProperty("sequences").GetProperty("reconciled").GetBoolean(), output);
        Assert.True(json.GetProperty("frames").GetProperty("reconciled").GetBoolean(), output);
        Assert.Contains("SIGINT: stopping the source", output);
    }

    private static string DotnetHost() => Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") is { Length: > 0 } host ? host : "dotnet";

    [DllImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static extern int Kill(int pid, int signal);
}

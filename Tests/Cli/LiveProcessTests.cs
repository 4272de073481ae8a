using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;

namespace EdgeVision.Tests.Cli;

/// <summary>
/// <c>edgevision live</c> as a real process (the built executable, started with the dotnet host): it prints
/// predictions as they arrive, logs them, and on SIGINT or SIGTERM stops the source, drains, and still writes its
/// report, whose sequence counts match the log line for line.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class LiveProcessTests(BenchmarkTestKit kit) : IClassFixture<BenchmarkTestKit>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(90);

    [Fact]
    public async Task SigintStopsLiveInferenceAndTheReportMatchesTheJsonLinesLog()
    {
        var log = kit.PathFor("results.jsonl");
        var report = kit.PathFor("final_report.json");

        var (exit, output) = await RunUntilSignalAsync(Signal.Interrupt, "--output-format", "json", "--output-file", log, "--report-file", report);

        Assert.True(exit == 0, output);
        var lines = await File.ReadAllLinesAsync(log, TestContext.Current.CancellationToken);
        var records = lines.Select(l => JsonDocument.Parse(l).RootElement).ToArray();
        Assert.NotEmpty(records);
        Assert.All(records, r => Assert.Contains(r.GetProperty("status").GetString(), new[] { "completed", "dropped" }));
        Assert.All(records.Where(r => r.GetProperty("status").GetString() == "completed"), r =>
        {
            Assert.InRange(r.GetProperty("confidence").GetDouble(), 0, 1);
            Assert.False(string.IsNullOrEmpty(r.GetProperty("label").GetString()));
        });
        Assert.Equal(records.Select(r => r.GetProperty("sequence").GetInt64()).Order(), records.Select(r => r.GetProperty("sequence").GetInt64()).Distinct().Order());

        var json = BenchmarkTestKit.ReadJson(report);
        Assert.Equal("SIGINT", json.GetProperty("stopReason").GetString());
        Assert.Equal(records.Length, json.GetProperty("sequences").GetProperty("assembled").GetInt64());
        Assert.True(json.GetProperty("frames").GetProperty("reconciled").GetBoolean(), output);
        Assert.True(json.GetProperty("sequences").GetProperty("reconciled").GetBoolean(), output);
        Assert.Contains("SIGINT: stopping the source", output);
    }

    [Fact]
    public async Task SigtermAlsoWritesTheReportAndTheCsvLogHasOneRowPerSequence()
    {
        var log = kit.PathFor("results.csv");
        var report = kit.PathFor("final_report.json");

        var (exit, output) = await RunUntilSignalAsync(Signal.Terminate, "--output-format", "csv", "--output-file", log, "--report-file", report);

        Assert.True(exit == 0, output);
        var rows = await File.ReadAllLinesAsync(log, TestContext.Current.CancellationToken);
        Assert.StartsWith("sequence,first_frame,last_frame,", rows[0]);
        var json = BenchmarkTestKit.ReadJson(report);
        Assert.Equal("SIGTERM", json.GetProperty("stopReason").GetString());
        Assert.Equal(rows.Length - 1, json.GetProperty("sequences").GetProperty("assembled").GetInt64());
    }

    private async Task<(int Exit, string Output)> RunUntilSignalAsync(Signal signal, params string[] extra)
    {
        var start = new ProcessStartInfo(DotnetHost(), [BenchmarkTestKit.EdgeVisionDll(), "live", "--source", kit.Video,
            "--loop", "--model", "conv3d", "--max-latency", "5000", "--target-latency", "2500", .. extra])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        var transcript = new System.Text.StringBuilder();
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
            await Task.WhenAny(firstPrediction.Task, process.WaitForExitAsync(TestContext.Current.CancellationToken)).WaitAsync(Patience, TestContext.Current.CancellationToken);
            Assert.False(process.HasExited, $"edgevision live exited before its first prediction:\n{transcript}");
            Assert.Equal(0, Kill(process.Id, (int)signal));
            await process.WaitForExitAsync(TestContext.Current.CancellationToken).WaitAsync(Patience, TestContext.Current.CancellationToken);
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

    private enum Signal
    {
        Interrupt = 2,
        Terminate = 15,
    }
}

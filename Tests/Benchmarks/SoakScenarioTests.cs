using System.Text.Json;
using EdgeVision.Tests.Cli;

namespace EdgeVision.Tests.Benchmarks;

/// <summary>
/// The chaos soak (<c>soak</c>) in a short run: mosquitto, redis-server, two silo processes and four edge agents for three
/// minutes with every fault once (silo killed and paused, broker restarted, an edge killed, garbage on every topic, a slow
/// model), the edges' result timeout cut to 10 s so that the run's end can judge every sequence. Every sequence published
/// has an outcome (a second one only as docs/silo.md allows: <c>lost</c> beside a result), and results come back after each fault.
/// </summary>
[Trait("Category", "EndToEnd")]
public sealed class SoakScenarioTests
{
    private static readonly string[] Kinds = ["silo-kill", "silo-pause", "broker-restart", "edge-kill", "garbage", "slow-model"];

    [Fact]
    public async Task EverySequenceHasOneOutcomeAndResultsResumeAfterEveryFault()
    {
        var output = Path.Combine(Path.GetTempPath(), $"edgevision-soak-{Guid.NewGuid():N}.json");
        try
        {
            var (exit, stdout, error) = await EdgeVisionProcess.RunDllAsync(BenchmarkTestKit.BuiltDll("Benchmarks", "EdgeVision.Benchmarks.dll"),
                ["soak", "--minutes", "3", "--result-timeout", "10", "--output", output], patience: TimeSpan.FromMinutes(10));
            TestContext.Current.TestOutputHelper?.WriteLine(stdout + error);

            Assert.True(File.Exists(output), $"no soak.json (exit {exit}):\n{stdout}\n{error}");
            var report = JsonDocument.Parse(await File.ReadAllTextAsync(output, TestContext.Current.CancellationToken)).RootElement;
            Assert.True(report.GetProperty("sequencesJudged").GetInt64() > 100, stdout);
            Assert.Equal(0, report.GetProperty("unaccounted").GetInt64());
            Assert.Equal(0, exit);
            // A second outcome only where the silo documents one: killed between publishing a result and recording it done.
            Assert.All(report.GetProperty("multipleOutcomeKinds").EnumerateObject(), kind => Assert.Equal("result+lost", kind.Name));
            var faults = report.GetProperty("faults").EnumerateArray().ToList();
            Assert.Equal(Kinds, faults.Select(f => f.GetProperty("kind").GetString()));
            Assert.All(faults, f => Assert.True(f.GetProperty("resumedAfterSeconds").ValueKind == JsonValueKind.Number, f.ToString()));
            Assert.Contains("applied by every silo", faults.Single(f => f.GetProperty("kind").GetString() == "slow-model").GetProperty("detail").GetString());
        }
        finally
        {
            File.Delete(output);
        }
    }
}

using System.Globalization;
using CsCheck;

namespace EdgeVision.Tests.Inference.Batching;

/// <summary>
/// No learned estimate, budget or history keeps a camera without forward passes: over random arrivals, budgets, transport
/// delays, forward-pass times and predictor histories, a camera whose sequences keep arriving gets a forward pass at
/// least every probe interval plus its longest gap between sequences, the longest forward pass and the longest queue
/// delay. CsCheck shrinks a counterexample and prints its seed.
/// </summary>
public sealed class DynamicBatcherLivenessTests
{
    private const int Iterations = 3_000;

    [Fact]
    public void ACameraWhoseSequencesKeepArrivingGetsAForwardPassAtLeastEveryFewSeconds() =>
        LivenessScenario.OneCamera.Sample(AssertLive, iter: Iterations, print: s => s.ToString());

    [Fact]
    public void EachOfSeveralCamerasSharingAModelGetsAForwardPassAtLeastEveryFewSeconds() =>
        LivenessScenario.SeveralCameras.Sample(AssertLive, iter: Iterations, print: s => s.ToString());

    private static void AssertLive(LivenessScenario scenario)
    {
        var simulation = new BatcherSimulation(scenario).Run();
        var bound = scenario.ProbeAfterMs + scenario.MaxGapMs + scenario.MaxForwardMs + scenario.MaxQueueDelayMs + 1;
        var arrivals = scenario.Arrivals();
        foreach (var camera in scenario.Cameras)
        {
            var mine = arrivals.Where(a => a.Camera == camera).ToList();
            var passes = simulation.ForwardPasses.GetValueOrDefault(camera) ?? [];
            List<double> marks = [mine[0].AtMs, .. passes];
            for (var i = 1; i < marks.Count; i++)
            {
                Assert.True(marks[i] - marks[i - 1] <= bound, Describe(camera, marks[i - 1], marks[i], bound, passes.Count, mine.Count, simulation.StaleDrops));
            }

            Assert.True(mine[^1].AtMs - marks[^1] <= bound, Describe(camera, marks[^1], mine[^1].AtMs, bound, passes.Count, mine.Count, simulation.StaleDrops));
        }
    }

    private static string Describe(string camera, double from, double to, double bound, int passes, int arrivals, int stale) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{camera} had no forward pass from {from:F1} ms to {to:F1} ms ({to - from:F1} ms, bound {bound:F1} ms); {passes} passes for {arrivals} sequences, {stale} dropped as stale.");
}

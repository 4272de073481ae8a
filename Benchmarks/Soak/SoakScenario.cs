using System.Globalization;
using System.Text.Json;

namespace EdgeVision.Benchmarks.Soak;

/// <summary>
/// The chaos soak: the real processes (<see cref="SoakSystem"/>) under synthetic load for <c>--minutes</c>, with faults on a
/// schedule scaled to the run (<see cref="FaultPlan"/>), watched by the soak's own subscriber (<see cref="WireObserver"/>),
/// the edges' <c>/metrics</c> and /proc. It writes <c>soak.json</c> (<see cref="SoakReport"/>) and exits with 1 when a
/// sequence published before the end's settling window has no outcome (more than one is reported, by kind).
/// </summary>
public sealed class SoakScenario : IScenario
{
    public string Name => "soak";

    public string Description => "Chaos soak: mosquitto, redis, 2 silos, 4 edge agents (or --embedded), faults on a schedule; soak.json";

    public async Task<int> RunAsync(IReadOnlyList<string> args, CancellationToken cancellationToken)
    {
        var options = ScenarioArguments.ParseOrExplain(SoakOptions.Parse, args);
        if (options is null)
        {
            return 1;
        }

        var time = TimeProvider.System;
        var plan = FaultPlan.For(options.Duration, TimeSpan.FromSeconds(options.ResultTimeoutSeconds));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"soak: {options.Minutes} min, {(options.Embedded ? "embedded broker, 1 silo" : "mosquitto, redis, 2 silos")}, {options.Edges} edges; faults at {string.Join(", ", plan.Faults.Select(f => $"{f.At.TotalSeconds:0}s {f.Kind}"))}"));
        SoakSystem? system = null;
        void KillAll(object? sender, EventArgs e) => system?.KillAll();
        AppDomain.CurrentDomain.ProcessExit += KillAll;
        try
        {
            system = await SoakSystem.StartAsync(options, time, cancellationToken);
            await using (system)
            {
                var run = new SoakRun(options, plan, system, time);
                var report = await run.RunAsync(cancellationToken);
                await File.WriteAllTextAsync(options.Output, JsonSerializer.Serialize(report, SoakReport.Json), cancellationToken);
                Print(report, options.Output);
                return report.Unaccounted > 0 ? 1 : 0;
            }
        }
        finally
        {
            AppDomain.CurrentDomain.ProcessExit -= KillAll;
        }
    }

    private static void Print(SoakReport report, string output)
    {
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"published {report.SequencesPublished}, judged {report.SequencesJudged} (settled {report.SettlingSeconds:0.0} s after the end), unaccounted {report.Unaccounted}{(report.Unaccounted > 0 ? $" ({string.Join(", ", report.UnaccountedByProcess.Select(p => $"{p.Key} {p.Value}"))})" : "")}, multiple outcomes {report.MultipleOutcomes} ({string.Join(", ", report.MultipleOutcomeKinds.Select(p => $"{p.Key} {p.Value}"))}); outcomes {string.Join(", ", report.Outcomes.Select(p => $"{p.Key} {p.Value}"))}; copies delivered again {report.OutcomeCopies}"));
        foreach (var sample in report.MultipleOutcomeSamples)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {sample.Camera}#{sample.Incarnation} sequence {sample.SequenceNumber} published at {sample.PublishedAt:0.0} s: {string.Join("; ", sample.Outcomes)}"));
        }

        foreach (var fault in report.Faults)
        {
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {fault.At,7:0.0} s {fault.Kind,-15} {fault.Target,-10} {fault.DurationSeconds,5:0.0} s  resumed after {(fault.ResumedAfterSeconds is { } r ? $"{r:0.0} s" : fault.NotResumed)}"));
        }

        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"max result gap outside faults {report.MaxResultGapSeconds:0.0} s ({report.MaxResultGapWhere}); controller restore {report.ControllerRestoreSeconds:0.0} s; CPU {report.CpuMsPerResult:0.0} ms/result; load {report.LoadAverageMedian:0.0} (max {report.LoadAverageMax:0.0})"));
        Console.WriteLine($"RSS drift %: {string.Join(", ", report.RssDriftPercent.Select(p => $"{p.Key} {(p.Value is { } v ? v.ToString("0.0", CultureInfo.InvariantCulture) : "-")}"))}");
        Console.WriteLine($"wrote {output}");
    }
}

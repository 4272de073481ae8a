using System.Globalization;

namespace EdgeVision.Benchmarks.Soak;

/// <summary>One soak run over a started <see cref="SoakSystem"/>: load, the planned faults, the watchers, and the report.</summary>
internal sealed class SoakRun(SoakOptions options, FaultPlan plan, SoakSystem system, TimeProvider time)
{
    private static readonly TimeSpan ScrapeInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan SampleInterval = TimeSpan.FromSeconds(5);

    private readonly List<FaultRecord> _faults = [];
    private readonly Dictionary<string, int> _garbage = new(StringComparer.Ordinal);

    public async Task<SoakReport> RunAsync(CancellationToken cancellationToken)
    {
        await using var observer = new WireObserver(system.BrokerPort, system.Edges, time);
        await observer.StartAsync(cancellationToken);
        using var scraper = new EdgeScraper(time);
        var sampler = new ProcessSampler(time);
        var start = time.GetUtcNow();
        var end = start;
        await system.StartEdgesAsync(cancellationToken);
        Log(start, $"edges started; broker on port {system.BrokerPort}");
        using var watching = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var scraping = scraper.RunAsync(() => system.Edges, ScrapeInterval, watching.Token);
        var sampling = sampler.RunAsync(system.Running, SampleInterval, watching.Token);
        try
        {
            // A fault that ends later than planned (a slow restart on a loaded machine) pushes the rest back by as much,
            // so that each keeps the quiet time after the one before that the plan gave it, and so does the end.
            var late = TimeSpan.Zero;
            foreach (var planned in plan.Faults)
            {
                await SuperviseUntilAsync(start + planned.At + late, start, cancellationToken);
                Log(start, $"{planned.Kind} begins");
                var fault = await InjectAsync(planned, observer, scraper, cancellationToken);
                _faults.Add(fault);
                Log(start, $"{planned.Kind} on {fault.Target} ended ({fault.Detail})");
                var overrun = fault.End - (start + planned.At + late + planned.Length);
                if (overrun > TimeSpan.FromSeconds(1))
                {
                    late += overrun;
                    Log(start, string.Create(CultureInfo.InvariantCulture, $"{planned.Kind} ran {overrun.TotalSeconds:0.0} s over: what follows moves back as much"));
                }
            }

            await SuperviseUntilAsync(start + options.Duration + late, start, cancellationToken);
            end = time.GetUtcNow();
            await SettleAsync(new SoakAnalysis(start, end, Settle, system.Edges), start, observer, scraper, cancellationToken);
            sampler.Sample(system.Running());
        }
        finally
        {
            await watching.CancelAsync();
            await Task.WhenAll(Quietly(scraping), Quietly(sampling));
        }

        return Report(start, end, time.GetUtcNow() - end, observer, scraper, sampler);
    }

    // Sequences are judged up to the quiet end's start, which leaves two result timeouts for their outcomes.
    private TimeSpan Settle => plan.QuietEnd - TimeSpan.FromSeconds(5);

    /// <summary>
    /// Scrapes every edge once more, and while judged sequences still lack an outcome waits up to one more quiet period for
    /// them: on a loaded machine an edge's ledger counts its <c>no_result</c> late. The same sequences are judged; what is
    /// still without an outcome after the wait is unaccounted.
    /// </summary>
    private async Task SettleAsync(SoakAnalysis analysis, DateTimeOffset start, WireObserver observer, EdgeScraper scraper, CancellationToken cancellationToken)
    {
        var until = time.GetUtcNow() + plan.QuietEnd;
        while (true)
        {
            foreach (var edge in system.Edges)
            {
                await scraper.ScrapeAsync(edge, cancellationToken);
            }

            var unaccounted = analysis.Account(observer.Sequences(), scraper.Latest(), system.Lives).Unaccounted;
            if (unaccounted == 0 || time.GetUtcNow() >= until)
            {
                return;
            }

            Log(start, $"{unaccounted} judged sequences without an outcome yet: waiting for them");
            await SuperviseUntilAsync(time.GetUtcNow() + ScrapeInterval, start, cancellationToken);
        }
    }

    private async Task SuperviseUntilAsync(DateTimeOffset until, DateTimeOffset start, CancellationToken cancellationToken)
    {
        while (time.GetUtcNow() < until)
        {
            foreach (var role in await system.RestartExitedAsync(cancellationToken))
            {
                Log(start, $"{role} had exited by itself: started again");
            }

            var left = until - time.GetUtcNow();
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left < TimeSpan.FromSeconds(1) ? left : TimeSpan.FromSeconds(1), time, cancellationToken);
            }
        }
    }

    private async Task<FaultRecord> InjectAsync(PlannedFault planned, WireObserver observer, EdgeScraper scraper, CancellationToken cancellationToken)
    {
        var began = time.GetUtcNow();
        switch (planned.Kind)
        {
            case FaultKind.SiloKill:
            {
                var silo = system.Silos[planned.Round % system.Silos.Count];
                await system.KillSiloAsync(silo, cancellationToken);
                await Task.Delay(planned.Length, time, cancellationToken);
                await system.StartSiloAsync(silo, cancellationToken);
                return new FaultRecord(planned.Kind, silo.Role, began, time.GetUtcNow(), $"SIGKILL, {planned.Length.TotalSeconds:0} s down, started again and ready");
            }

            case FaultKind.SiloPause:
            {
                var silo = system.Silos[planned.Round % system.Silos.Count];
                await silo.Process!.PauseAsync(cancellationToken);
                await Task.Delay(planned.Length, time, cancellationToken);
                await silo.Process.ResumeAsync(cancellationToken);
                return new FaultRecord(planned.Kind, silo.Role, began, time.GetUtcNow(), string.Create(CultureInfo.InvariantCulture, $"SIGSTOP for {planned.Length.TotalSeconds:0} s, then SIGCONT"));
            }

            case FaultKind.BrokerRestart:
                await system.RestartBrokerAsync(planned.Length, cancellationToken);
                return new FaultRecord(planned.Kind, options.Embedded ? "broker" : "mosquitto", began, time.GetUtcNow(), $"SIGTERM, {planned.Length.TotalSeconds:0} s down, started again on its port");

            case FaultKind.EdgeKill:
            {
                var edge = system.Edges[(planned.Round * 2 + 1) % system.Edges.Count];
                await scraper.ScrapeAsync(edge, cancellationToken);
                await system.KillEdgeAsync(edge);
                await Task.Delay(planned.Length, time, cancellationToken);
                await system.StartEdgeAsync(edge, cancellationToken);
                return new FaultRecord(planned.Kind, edge.Role, began, time.GetUtcNow(), $"SIGKILL, {planned.Length.TotalSeconds:0} s down, started again (its ledger starts empty)");
            }

            case FaultKind.Garbage:
            {
                var edge = system.Edges[planned.Round % system.Edges.Count];
                var counts = await GarbagePublisher.PublishAsync(system.BrokerPort, edge.Camera, observer.Sample, cancellationToken);
                foreach (var (kind, count) in counts)
                {
                    _garbage[kind] = _garbage.GetValueOrDefault(kind) + count;
                }

                return new FaultRecord(planned.Kind, edge.Role, began, time.GetUtcNow(), $"{counts.Values.Sum()} malformed messages on every topic kind");
            }

            case FaultKind.SlowModel:
                foreach (var silo in system.Silos)
                {
                    await silo.SetExtraForwardAsync(options.SlowMs, cancellationToken);
                }

                var applied = await AppliedAsync(began + TimeSpan.FromSeconds(10), cancellationToken);
                var left = began + planned.Length - time.GetUtcNow();
                await Task.Delay(left > TimeSpan.Zero ? left : TimeSpan.Zero, time, cancellationToken);
                foreach (var silo in system.Silos)
                {
                    await silo.SetExtraForwardAsync(0, cancellationToken);
                }

                return new FaultRecord(planned.Kind, "all silos", began, time.GetUtcNow(),
                    string.Create(CultureInfo.InvariantCulture, $"Silo:InferenceEngine:ExtraForwardMs {options.SlowMs} for {planned.Length.TotalSeconds:0} s, then 0; {applied}"));

            default:
                throw new ArgumentOutOfRangeException(nameof(planned), planned.Kind, "Unknown fault.");
        }
    }

    /// <summary>Which silos logged the slow model's extra forward time by <paramref name="deadline"/> (a silo applies a reloaded settings file within a second or so).</summary>
    private async Task<string> AppliedAsync(DateTimeOffset deadline, CancellationToken cancellationToken)
    {
        var line = string.Create(CultureInfo.InvariantCulture, $"ExtraForwardMs is now {options.SlowMs} ms");
        while (time.GetUtcNow() < deadline && !system.Silos.All(s => s.Process?.HasLogged(line) == true))
        {
            await Task.Delay(TimeSpan.FromMilliseconds(200), time, cancellationToken);
        }

        var missing = system.Silos.Where(s => s.Process?.HasLogged(line) != true).Select(s => s.Role).ToList();
        return missing.Count == 0 ? "applied by every silo" : "not applied within 10 s by " + string.Join(", ", missing);
    }

    private SoakReport Report(DateTimeOffset start, DateTimeOffset end, TimeSpan settling, WireObserver observer, EdgeScraper scraper, ProcessSampler sampler)
    {
        var analysis = new SoakAnalysis(start, end, Settle, system.Edges);
        var sequences = observer.Sequences();
        var results = observer.Results();
        var tallies = scraper.Latest();
        var lives = system.Lives;
        var (judged, unaccounted, unaccountedBy, multiple, outcomes, killed) = analysis.Account(sequences, tallies, lives);
        var (gap, gapWhere) = analysis.LongestGap(results, _faults);
        var firstFault = _faults.Count > 0 ? _faults[0].Start : end;
        var phases = _faults.Where(f => f.Kind == FaultKind.SlowModel).Select(f => analysis.Controller(f, results, firstFault)).ToList();
        var samples = sampler.Samples();
        var rss = lives.ToDictionary(l => l.Name, l => SoakAnalysis.Rss(l, samples.GetValueOrDefault(l) ?? []), StringComparer.Ordinal);
        var cpu = lives.ToDictionary(l => l, l => samples.GetValueOrDefault(l) is { Count: > 0 } s ? s[^1].CpuSeconds - s[0].CpuSeconds : 0);
        var load = sampler.LoadAverages();
        var rejected = observer.Undecodable().ToDictionary(p => "subscriber/" + p.Key, p => (double)p.Value, StringComparer.Ordinal);
        rejected["edges/ledger"] = tallies.Values.Sum(t => t.LedgerRejected);
        rejected["edges/control"] = tallies.Values.Sum(t => t.ControlRejected);
        return new SoakReport
        {
            Minutes = options.Minutes,
            Mode = options.Embedded ? "embedded" : "mosquitto",
            StartedAt = start,
            SequencesPublished = sequences.Count,
            SequencesJudged = judged,
            SettlingSeconds = Math.Round(settling.TotalSeconds, 1),
            Unaccounted = unaccounted,
            UnaccountedByProcess = unaccountedBy,
            MultipleOutcomes = multiple.Values.Sum(),
            MultipleOutcomeKinds = multiple,
            MultipleOutcomeSamples = analysis.MultipleSamples(sequences),
            OutcomeCopies = observer.Copies,
            Outcomes = outcomes,
            EdgeLedgerOutcomes = Sum(tallies.Values.Select(t => t.Resolved)),
            EdgeDropsBeforePublishing = Sum(tallies.Values.Select(t => t.SequencesDropped)),
            Republished = tallies.Values.Sum(t => t.Republished),
            KilledEdges = killed,
            Faults = [.. _faults.Select(f => analysis.Resumed(f, results))],
            MaxResultGapSeconds = gap,
            MaxResultGapWhere = gapWhere,
            ControllerRestoreSeconds = phases.Count == 0 || phases.Any(p => p.RestoreSeconds is null) ? null : phases.Max(p => p.RestoreSeconds),
            ControllerPhases = phases,
            RssDriftPercent = rss.ToDictionary(p => p.Key, p => p.Value.Drift, StringComparer.Ordinal),
            RssMedianMiB = rss.ToDictionary(p => p.Key, p => p.Value.Median, StringComparer.Ordinal),
            CpuMsPerResult = results.Count == 0 ? null : Math.Round(cpu.Values.Sum() * 1000 / results.Count, 1),
            Results = results.Count,
            GarbagePublished = _garbage,
            GarbageRejected = rejected,
            OrphanOutcomes = observer.OrphanOutcomes,
            Processes = [.. lives.Select(l => new ProcessReport(l.Name, l.ProcessId, analysis.Seconds(l.StartedAt), l.EndedAt is { } e ? analysis.Seconds(e) : null, l.EndedBy, Math.Round(cpu[l], 1)))],
            LoadAverageMedian = SoakAnalysis.Median(load) ?? double.NaN,
            LoadAverageMax = load.Count == 0 ? double.NaN : load.Max(),
            Command = "dotnet run -c Release --project Benchmarks -- soak " + string.Join(' ', Environment.GetCommandLineArgs().Skip(2)),
        };
    }

    private static Dictionary<string, double> Sum(IEnumerable<IReadOnlyDictionary<string, double>> counts) =>
        counts.SelectMany(c => c).GroupBy(p => p.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(p => p.Value), StringComparer.Ordinal);

    private static void Log(DateTimeOffset start, string message) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"[{(DateTimeOffset.UtcNow - start).TotalSeconds,7:0.0} s] {message}"));

    private static async Task Quietly(Task task)
    {
        try
        {
            await task;
        }
        catch (OperationCanceledException)
        {
            // Stopped at the end of the run.
        }
    }
}

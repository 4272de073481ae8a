using System.Text.Json;
using System.Text.Json.Serialization;

namespace EdgeVision.Benchmarks.Soak;

/// <summary>What <c>soak.json</c> holds (camelCase). Times are seconds; <c>at</c> counts from the start of the run.</summary>
internal sealed record SoakReport
{
    public required double Minutes { get; init; }

    public required string Mode { get; init; }

    public required DateTimeOffset StartedAt { get; init; }

    /// <summary>Distinct sequences the edges published, as the soak's own subscriber saw them on the broker.</summary>
    public required long SequencesPublished { get; init; }

    /// <summary>Sequences published before the end's settling window, each of which must have exactly one outcome.</summary>
    public required long SequencesJudged { get; init; }

    /// <summary>How long after the planned end the run waited for the edges' ledgers to settle the judged sequences (at most one more quiet end).</summary>
    public required double SettlingSeconds { get; init; }

    /// <summary>Judged sequences with no outcome: no result, no drop notice, not counted as <c>no_result</c> by their edge.</summary>
    public required long Unaccounted { get; init; }

    /// <summary>Those, by the edge process that published them (<c>edge-c1#1</c>: camera c1's first process).</summary>
    public required IReadOnlyDictionary<string, long> UnaccountedByProcess { get; init; }

    /// <summary>Judged sequences with more than one outcome on the wire (two results, a result and a drop notice, ...).</summary>
    public required long MultipleOutcomes { get; init; }

    /// <summary>Those, by their outcomes (<c>result+lost</c>: a silo died between publishing a result and writing that it was done).</summary>
    public required IReadOnlyDictionary<string, long> MultipleOutcomeKinds { get; init; }

    /// <summary>Up to 20 of them, each outcome with its arrival (seconds into the run) and its producer's time, to tell how the second came about.</summary>
    public required IReadOnlyList<MultipleOutcomeSample> MultipleOutcomeSamples { get; init; }

    /// <summary>Results and notices delivered again after their first delivery (the same completion, not a second outcome): QoS 1 resends after a broker restart.</summary>
    public required long OutcomeCopies { get; init; }

    /// <summary>Judged sequences by outcome: <c>result</c>, each drop reason of the silos' notices, and the edges' <c>no_result</c>.</summary>
    public required IReadOnlyDictionary<string, long> Outcomes { get; init; }

    /// <summary>The edges' own ledgers at their last scrape, summed over every edge process: sequences settled by outcome.</summary>
    public required IReadOnlyDictionary<string, double> EdgeLedgerOutcomes { get; init; }

    /// <summary>Sequences the edges dropped before publishing, by reason (their own counters).</summary>
    public required IReadOnlyDictionary<string, double> EdgeDropsBeforePublishing { get; init; }

    public required double Republished { get; init; }

    /// <summary>Edge processes killed with SIGKILL: what each had outstanding at its last scrape, and what of it got no outcome on the wire.</summary>
    public required IReadOnlyList<KilledEdge> KilledEdges { get; init; }

    public required IReadOnlyList<FaultReport> Faults { get; init; }

    /// <summary>The longest time any camera went without a result outside the fault windows (a fault's start to 20 s after its end).</summary>
    public required double? MaxResultGapSeconds { get; init; }

    public required string? MaxResultGapWhere { get; init; }

    /// <summary>The slow-model phase's end to every camera's results being at its nominal settings again (the longest over phases).</summary>
    public required double? ControllerRestoreSeconds { get; init; }

    public required IReadOnlyList<ControllerPhase> ControllerPhases { get; init; }

    /// <summary>Per process start (<c>role#n</c>): median RSS of its last minute against median of its second minute, in percent; null for a process that ran under three minutes.</summary>
    public required IReadOnlyDictionary<string, double?> RssDriftPercent { get; init; }

    /// <summary>Per process start: median RSS after its first minute, in MiB.</summary>
    public required IReadOnlyDictionary<string, double?> RssMedianMiB { get; init; }

    /// <summary>CPU seconds of every soak process together per result delivered, in milliseconds.</summary>
    public required double? CpuMsPerResult { get; init; }

    public required long Results { get; init; }

    /// <summary>Malformed messages published, by <c>topic kind/payload kind</c>.</summary>
    public required IReadOnlyDictionary<string, int> GarbagePublished { get; init; }

    /// <summary>What the receivers counted as rejected: the soak's subscriber (undecodable, by topic kind), the edges' ledgers and control handlers.</summary>
    public required IReadOnlyDictionary<string, double> GarbageRejected { get; init; }

    public required long OrphanOutcomes { get; init; }

    public required IReadOnlyList<ProcessReport> Processes { get; init; }

    /// <summary>The machine's one-minute load average during the run: median and highest of the samples.</summary>
    public required double LoadAverageMedian { get; init; }

    public required double LoadAverageMax { get; init; }

    public required string Command { get; init; }

    public static JsonSerializerOptions Json { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.KebabCaseLower) },
    };
}

/// <param name="ResumedAfterSeconds">From the fault's end until every camera had a result for a sequence captured after it; null when one never did.</param>
internal sealed record FaultReport(FaultKind Kind, string Target, double At, double DurationSeconds, double? ResumedAfterSeconds, string? NotResumed, string Detail);

internal sealed record MultipleOutcomeSample(string Camera, int Incarnation, long SequenceNumber, double PublishedAt, IReadOnlyList<string> Outcomes);

internal sealed record KilledEdge(string Process, double OutstandingAtLastScrape, double NoResultAtLastScrape, long WithoutOutcomeOnTheWire);

/// <param name="Degraded">Cameras whose results showed settings below nominal during the phase.</param>
internal sealed record ControllerPhase(double At, double EndedAt, IReadOnlyList<string> Degraded, double? RestoreSeconds, string? NotRestored, double SlowForwardMsMedian);

internal sealed record ProcessReport(string Process, int ProcessId, double StartedAt, double? EndedAt, string? EndedBy, double CpuSeconds);

namespace EdgeVision.Benchmarks.Soak;

/// <summary>A fault as injected: what, on which process, when it began and ended (from the run's start, in seconds).</summary>
internal sealed record FaultRecord(FaultKind Kind, string Target, DateTimeOffset Start, DateTimeOffset End, string Detail);

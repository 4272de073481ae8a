namespace EdgeVision.Benchmarks.Soak;

/// <summary>One reading of a process from /proc: resident memory and CPU time used so far.</summary>
internal sealed record ProcessSample(DateTimeOffset At, long RssBytes, double CpuSeconds);

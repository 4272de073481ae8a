namespace EdgeVision.Cli.Plotting;

/// <summary>One completed sequence: when its result arrived (seconds since the run started) and its end-to-end latency.</summary>
public readonly record struct LatencySample(double AtSeconds, double LatencyMs);

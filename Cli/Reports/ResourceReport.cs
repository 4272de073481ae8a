using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>CPU and memory the whole process used during the run.</summary>
[Description("CPU and memory of the whole process during the run (source, preprocessing, model and reporting).")]
public sealed record ResourceReport(
    [property: Description("CPU time used during the run, all threads (s).")] double CpuSeconds,
    [property: Description("Mean CPU use, in percent of one core (200 = two cores busy).")] double MeanCpuPercent,
    [property: Description("Mean CPU use, in percent of all logical cores.")] double MeanMachineCpuPercent,
    [property: Description("Highest per-interval CPU use seen, in percent of one core.")] double PeakCpuPercent,
    [property: Description("Mean resident set size over the samples (bytes).")] long MeanRssBytes,
    [property: Description("Peak resident set size of the process (bytes, VmHWM).")] long PeakRssBytes,
    [property: Description("Resource samples taken (one per sampling interval).")] int Samples);

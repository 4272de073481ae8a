using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>Where the run happened, so figures can be compared honestly.</summary>
[Description("The machine and software the run used.")]
public sealed record EnvironmentReport(
    [property: Description("Operating system.")] string Os,
    [property: Description("CPU model (from /proc/cpuinfo), or 'unknown'.")] string CpuModel,
    [property: Description("Logical cores the process may use.")] int LogicalCores,
    [property: Description("Torch intra-op threads.")] int TorchThreads,
    [property: Description("Where the model ran: cpu or cuda:N; silo for --cluster runs (the silo reports its device in its metadata and metrics).")] string Device,
    [property: Description(".NET runtime.")] string Runtime,
    [property: Description("EdgeVision build version.")] string EdgeVision,
    [property: Description("TorchSharp version.")] string TorchSharp,
    [property: Description("OpenCV version.")] string OpenCv,
    [property: Description("Machine name.")] string Host);

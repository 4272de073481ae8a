using System.Reflection;
using System.Runtime.InteropServices;
using EdgeVision.Cli.Reports;
using OpenCvSharp;
using TorchSharp;

namespace EdgeVision.Cli.Runs;

/// <summary>Describes the machine and the software versions a run used.</summary>
internal static class EnvironmentProbe
{
    public static EnvironmentReport Describe(string device) => new(
        RuntimeInformation.OSDescription,
        CpuModel(File.Exists("/proc/cpuinfo") ? File.ReadLines("/proc/cpuinfo") : []),
        Environment.ProcessorCount,
        torch.get_num_threads(),
        device,
        RuntimeInformation.FrameworkDescription,
        VersionOf(typeof(EnvironmentProbe).Assembly),
        VersionOf(typeof(torch).Assembly),
        Cv2.GetVersionString() ?? "unknown",
        Environment.MachineName);

    /// <summary>The first "model name" line of /proc/cpuinfo (x86), else "Model"/"cpu model" (other architectures), else "unknown".</summary>
    internal static string CpuModel(IEnumerable<string> cpuinfo)
    {
        foreach (var line in cpuinfo)
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon < 0)
            {
                continue;
            }

            var key = line[..colon].Trim();
            if (key is "model name" or "Model" or "cpu model" && line[(colon + 1)..].Trim() is { Length: > 0 } value)
            {
                return value;
            }
        }

        return "unknown";
    }

    private static string VersionOf(Assembly assembly)
    {
        var version = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                      ?? assembly.GetName().Version?.ToString() ?? "unknown";
        // Drop the "+commit" source-link suffix: long and noisy in a report.
        var plus = version.IndexOf('+', StringComparison.Ordinal);
        return plus > 0 ? version[..plus] : version;
    }
}

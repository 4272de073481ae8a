using System.Text.Json.Nodes;

namespace EdgeVision.Benchmarks.Models;

/// <summary>Predict latencies of one model at one batch size on the CPU and on the device under test, pass by pass.</summary>
internal sealed record DeviceTiming(int Batch, IReadOnlyList<double> CpuMs, IReadOnlyList<double> DeviceMs)
{
    public double CpuMedian => Median(CpuMs);

    public double DeviceMedian => Median(DeviceMs);

    public JsonObject ToJson(string kind, string device) => new()
    {
        ["kind"] = kind, ["device"] = device, ["batch"] = Batch,
        ["cpuMedianMs"] = CpuMedian, ["deviceMedianMs"] = DeviceMedian, ["cpuOverDevice"] = CpuMedian / DeviceMedian,
        ["cpuMs"] = new JsonArray([.. CpuMs.Select(t => JsonValue.Create(t))]),
        ["deviceMs"] = new JsonArray([.. DeviceMs.Select(t => JsonValue.Create(t))]),
    };

    private static double Median(IReadOnlyList<double> values)
    {
        var sorted = values.Order().ToArray();
        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }
}

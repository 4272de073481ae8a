using System.Text.Json.Nodes;

namespace EdgeVision.Benchmarks.Models;

/// <summary>One model's probabilities on the device under test against the CPU's, for the same clips.</summary>
internal sealed record AgreementResult(int Clips, double MaxDifference, int Top1Agreements, int? CpuCorrect, int? DeviceCorrect)
{
    public JsonObject ToJson(string kind, string device) => new()
    {
        ["kind"] = kind, ["device"] = device, ["clips"] = Clips, ["maxAbsProbabilityDifference"] = MaxDifference,
        ["top1Agreements"] = Top1Agreements, ["cpuTop1Correct"] = CpuCorrect, ["deviceTop1Correct"] = DeviceCorrect,
    };
}

using EdgeVision.Inference.Models;
using EdgeVision.Inference.Runtime;
using Microsoft.Extensions.Logging.Testing;
using TorchSharp;

namespace EdgeVision.Tests.Inference.Runtime;

// set_num_threads is process-wide: this runs alone so it cannot change other tests' arithmetic.
[Collection(TorchGlobalStateCollection.Name)]
public sealed class InferenceSessionDeviceTests
{
    private readonly FakeLogger<InferenceSession> logger = new();

    [Fact]
    public void LogsTheDeviceItChoseAndAppliesTheThreadCount()
    {
        var threads = torch.get_num_threads();
        try
        {
            using var session = new InferenceSession(
                TinyModels.Create(VideoModelKinds.Conv3d), new InferenceSessionOptions { ThreadCount = 1 }, logger);

            Assert.Equal(1, torch.get_num_threads());
            Assert.Equal(torch.cuda.is_available() ? "cuda" : "cpu", session.DeviceName.Split(':')[0].ToLowerInvariant());
            Assert.Contains(logger.Collector.GetSnapshot(), r => r.Message.StartsWith($"Inference session for conv3d on {session.DeviceName} with 1 threads", StringComparison.Ordinal));
        }
        finally
        {
            torch.set_num_threads(threads);
        }
    }
}

using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Batching;
using EdgeVision.Inference.Packages;
using EdgeVision.Inference.Pixels;
using EdgeVision.Tests.Edge;
using EdgeVision.Tests.Inference.Batching;
using EdgeVision.Tests.Inference.Catalog;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace EdgeVision.Tests.Inference.Packages;

/// <summary>
/// An imported torchvision model served by the silo's inference engine from the model directory, next to a checkpoint:
/// camera frames as bytes in, the manifest's normalisation and layout applied in the engine's one pixel pass, batched.
/// </summary>
[Trait("Category", TorchvisionExports.Trait)]
[Collection(TorchvisionExports.Collection)]
public sealed class ImportedModelServingTests(TorchvisionExports exports) : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);
    private readonly TinyCheckpoints directory = new();
    private readonly FakeTimeProvider time = new(Requests.Start);

    [Theory]
    [InlineData("r3d_18", "model.onnx")]
    [InlineData("mc3_18", "model.onnx")]
    [InlineData("r2plus1d_18", "model.onnx")]
    [InlineData("s3d", "model.onnx")]
    [InlineData("r3d_18", "model.pt")]
    [InlineData("mc3_18", "model.pt")]
    public async Task EngineServesAnImportedModelToSeveralCamerasInOneBatchMatchingPyTorch(string architecture, string file)
    {
        Assert.SkipWhen(exports.Missing is not null, exports.Missing ?? string.Empty);
        directory.Write("tiny", "1");
        var labels = await File.ReadAllLinesAsync(exports.File(architecture, "labels.txt"), TestContext.Current.CancellationToken);
        var model = exports.File(architecture, file);
        var described = file.EndsWith(".pt", StringComparison.Ordinal)
            ? TorchScriptImport.Describe(model, labels, new ImportSettings())
            : OnnxImport.Describe(model, labels, new ImportSettings());
        var manifest = ModelPackage.Write(Path.Combine(directory.Folder, $"{architecture}{ModelPackage.Extension}"), described, model);
        using var catalog = directory.Catalog();
        using var engine = new InferenceEngine(
            catalog, Options.Create(new InferenceConfig { TargetLatencyMs = 100, MaxLatencyMs = 200, MaxBatchSize = 4 }), Options.Create(new InferenceEngineOptions()),
            time, EdgeTestKit.NewMeterFactory(), NullLogger<InferenceEngine>.Instance);
        var frames = NpyArray.Read(exports.File(architecture, "frames.npy"));
        var expected = NpyArray.Read(exports.File(architecture, "expected.npy"));
        var (clips, length, height, width) = ((int)frames.Shape[0], (int)frames.Shape[1], (int)frames.Shape[2], (int)frames.Shape[3]);

        // The edge's sequences carry ImageNet statistics; the package's Kinetics mean and std must win.
        var requests = Enumerable.Range(0, clips).Select(clip => new InferenceRequest(
            $"site/cam-{clip}", architecture, Clip(frames.Bytes!, clip, length, height, width), Requests.Start, Requests.Start.AddMilliseconds(200))).ToArray();
        var pending = requests.Select(r => engine.InferAsync(r, TestContext.Current.CancellationToken)).ToArray();
        time.Advance(TimeSpan.FromMilliseconds(60));
        var outcomes = await Task.WhenAll(pending).WaitAsync(Timeout, TestContext.Current.CancellationToken);

        Assert.Equal([architecture, "tiny"], catalog.Keys);
        var classes = labels.Length;
        for (var clip = 0; clip < clips; clip++)
        {
            var outcome = outcomes[clip];
            Assert.Equal((InferenceStatus.Completed, clips, manifest.Version), (outcome.Status, outcome.BatchSize, outcome.ModelVersion));
            var reference = Softmax(expected.Floats!.AsSpan(clip * classes, classes));
            Assert.Equal(reference, outcome.Probabilities!, new FloatTolerance(1e-4f));
            Assert.Equal(Array.IndexOf(reference, reference.Max()), Array.IndexOf(outcome.Probabilities!, outcome.Probabilities!.Max()));
        }
    }

    public void Dispose() => directory.Dispose();

    private static SequenceFrames Clip(byte[] frames, int clip, int length, int height, int width)
    {
        var frameBytes = height * width * 3;
        var clipFrames = Enumerable.Range(0, length).Select(f => (ReadOnlyMemory<byte>)frames.AsMemory(((clip * length) + f) * frameBytes, frameBytes)).ToArray();
        return new SequenceFrames(clipFrames, width, height, PixelOrder.Rgb, PixelNormalization.ImageNet);
    }

    private static float[] Softmax(ReadOnlySpan<float> logits)
    {
        var max = double.NegativeInfinity;
        foreach (var value in logits)
        {
            max = Math.Max(max, value);
        }

        var exps = logits.ToArray().Select(v => Math.Exp(v - max)).ToArray();
        var sum = exps.Sum();
        return [.. exps.Select(e => (float)(e / sum))];
    }
}

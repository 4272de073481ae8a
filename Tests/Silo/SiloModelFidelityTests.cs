using EdgeVision.Contracts.Wire;
using EdgeVision.Inference.Checkpoints;
using EdgeVision.Inference.Pixels;
using EdgeVision.Inference.Runtime;
using EdgeVision.Inference.Training;
using EdgeVision.Synthetic;
using Microsoft.Extensions.Logging.Abstractions;

namespace EdgeVision.Tests.Silo;

/// <summary>
/// The silo's answer for a clip is the model's answer for that clip: the same checkpoint run directly on the
/// training pipeline's normalisation of the same pixels gives the same top classes and confidences.
/// </summary>
[Trait("Category", "EndToEnd")]
[Collection(SingleSiloCollection.Name)]
public sealed class SiloModelFidelityTests(SingleSiloFixture fixture)
{
    private const string Camera = "fidelity";
    private const int Frames = 8;
    private const int Side = 32;

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Fact]
    public async Task TheTopClassesAndConfidencesOfAResultAreWhatTheCheckpointComputesForTheSameClip()
    {
        var generator = new SyntheticClipGenerator(Side, Side, Frames);
        var clips = Enumerable.Range(0, 3).Select(i => generator.Generate(seed: 7_000 + i)).ToArray();
        await using var results = await ResultRecorder.StartAsync(fixture.Broker, _cancellation);
        await using var publisher = await SequencePublisher.ConnectAsync(fixture.Broker, _cancellation);
        var now = DateTimeOffset.UtcNow;

        for (var i = 0; i < clips.Length; i++)
        {
            await publisher.PublishAsync(TestSequences.FromClip(clips[i], SingleSiloFixture.Site, Camera, i, now, PixelFormat.Rgb24), _cancellation);
        }

        await results.WaitUntilAsync(all => all.Count(r => r.Camera == Camera) == clips.Length, _cancellation);

        using var reference = Reference();
        var received = results.For(SingleSiloFixture.Site, Camera);
        for (var i = 0; i < clips.Length; i++)
        {
            var expected = reference.Predict(clips[i]);
            var topK = received[i].TopK;
            Assert.Equal(i, received[i].SequenceNumber);
            Assert.Equal(expected.Top(5).Select(p => p.Index), topK.Select(label => label.ClassIndex));
            Assert.Equal(expected.Top(5).Select(p => ActionClasses.Names[p.Index]), topK.Select(label => label.Label));
            Assert.All(topK, label => Assert.Equal(expected.Probabilities[label.ClassIndex], label.Confidence, 1e-4));
        }
    }

    private static ReferenceModel Reference()
    {
        var loaded = Checkpoint.Load(Path.Combine(AppContext.BaseDirectory, "models", "conv3d.ckpt"));
        return new ReferenceModel(new InferenceSession(loaded.Model, new InferenceSessionOptions { PreferCuda = false }, NullLogger<InferenceSession>.Instance));
    }

    private sealed class ReferenceModel(InferenceSession session) : IDisposable
    {
        public Prediction Predict(SyntheticClip clip)
        {
            // The training pipeline's tensor for the clip.
            using var batch = ClipTensors.FromClips([clip], PixelNormalization.ImageNet);
            var input = batch.data<float>().ToArray();
            return new Prediction(session.Predict(input, new FrameBatchShape(1, Frames, 3, Side, Side))[0]);
        }

        public void Dispose() => session.Dispose();
    }

    private sealed record Prediction(float[] Probabilities)
    {
        public IEnumerable<(int Index, float Probability)> Top(int k) =>
            Probabilities.Select((p, i) => (Index: i, Probability: p)).OrderByDescending(p => p.Probability).Take(k);
    }
}

using EdgeVision.Inference.Models;
using EdgeVision.Inference.Runtime;
using Microsoft.Extensions.Logging.Testing;
using TorchSharp;
using static TorchSharp.torch;

namespace EdgeVision.Tests.Inference.Runtime;

public sealed class InferenceSessionTests
{
    private readonly FakeLogger<InferenceSession> logger = new();

    [Theory]
    [InlineData(VideoModelKinds.Conv3d, FusionMode.Weighted)]
    [InlineData(VideoModelKinds.Hybrid, FusionMode.Ensemble)]
    [InlineData(VideoModelKinds.Hybrid, FusionMode.Concat)]
    public void PredictsTheModelsProbabilitiesFromAPlainBuffer(string kind, FusionMode fusion)
    {
        using var session = new InferenceSession(TinyModels.Create(kind, fusion), new InferenceSessionOptions(), logger);
        var shape = new FrameBatchShape(2, 4, 3, 32, 32);
        var frames = Frames(shape);

        var rows = session.Predict(frames, shape);

        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var expected = session.Model.Probabilities(tensor(frames).reshape(2, 4, 3, 32, 32)).data<float>().ToArray();
        Assert.Equal(2, rows.Length);
        Assert.All(rows, row => Assert.Equal(TinyModels.Classes, row.Length));
        Assert.All(rows, row => Assert.Equal(1f, row.Sum(), 1e-5f));
        Assert.Equal(expected, rows.SelectMany(r => r), new FloatTolerance(1e-6f));
    }

    [Fact]
    public void PredictsTheSameForFramesInsideALargerBufferAsForTheFramesAlone()
    {
        using var session = new InferenceSession(TinyModels.Create(VideoModelKinds.Conv3d), new InferenceSessionOptions(), logger);
        var shape = new FrameBatchShape(2, 4, 3, 16, 16);
        var frames = Frames(shape);
        var pooled = new float[frames.Length + 1000];
        frames.CopyTo(pooled, 500);

        var alone = session.Predict(frames, shape);
        var inside = session.Predict(pooled.AsMemory(500, frames.Length), shape);

        Assert.Equal(alone.SelectMany(r => r), inside.SelectMany(r => r));
        Assert.Equal(frames, pooled.AsSpan(500, frames.Length).ToArray());
    }

    [Fact]
    public void AcceptsFramesSmallerThanTheModelWasConfiguredFor()
    {
        using var session = new InferenceSession(TinyModels.Create(VideoModelKinds.Transformer), new InferenceSessionOptions(), logger);
        var shape = new FrameBatchShape(1, 4, 3, 24, 24);

        var rows = session.Predict(Frames(shape), shape);

        Assert.Equal(1f, Assert.Single(rows).Sum(), 1e-5f);
    }

    [Fact]
    public void RejectsABufferThatDoesNotMatchItsShape()
    {
        using var session = new InferenceSession(TinyModels.Create(VideoModelKinds.Conv3d), new InferenceSessionOptions(), logger);
        var shape = new FrameBatchShape(1, 4, 3, 32, 32);

        var error = Assert.Throws<ArgumentException>(() => session.Predict(new float[100], shape));

        Assert.Contains("12288", error.Message);
        Assert.Throws<ArgumentException>(() => session.Predict(new float[4 * 32 * 32], shape with { Channels = 1 }));
    }

    [Fact]
    public void LiveTensorCountReturnsToBaselineAfterAHundredBatches()
    {
        using var session = new InferenceSession(TinyModels.Create(VideoModelKinds.Hybrid), new InferenceSessionOptions(), logger);
        var shape = new FrameBatchShape(2, 4, 3, 16, 16);
        var frames = Frames(shape);
        session.Predict(frames, shape);
        var baseline = DisposeScopeManager.Statistics.ThreadTotalLiveCount;

        for (var i = 0; i < 100; i++)
        {
            session.Predict(frames, shape);
        }

        Assert.Equal(baseline, DisposeScopeManager.Statistics.ThreadTotalLiveCount);
    }

    [Fact]
    public void RejectsANegativeThreadCountNamingTheKey()
    {
        using var model = TinyModels.Create(VideoModelKinds.Conv3d);

        var error = Assert.Throws<ArgumentException>(() => new InferenceSession(model, new InferenceSessionOptions { ThreadCount = -1 }, logger));

        Assert.Contains("ThreadCount", error.Message);
    }

    private static float[] Frames(FrameBatchShape shape)
    {
        var random = new Random(5);
        return Enumerable.Range(0, (int)shape.Elements).Select(_ => random.NextSingle()).ToArray();
    }

    private sealed class FloatTolerance(float tolerance) : IEqualityComparer<float>
    {
        public bool Equals(float x, float y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(float obj) => 0;
    }
}

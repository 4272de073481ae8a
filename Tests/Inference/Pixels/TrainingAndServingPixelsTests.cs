using EdgeVision.Contracts.Configuration;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Encoding;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Sources;
using EdgeVision.Inference.Pixels;
using EdgeVision.Inference.Training;
using EdgeVision.Silo.Decoding;
using EdgeVision.Synthetic;
using EdgeVision.Tests.Edge;
using static TorchSharp.torch;

namespace EdgeVision.Tests.Inference.Pixels;

/// <summary>
/// No train/serve skew: the frames a model was trained on reach it with the same values, to the bit, when a camera
/// sends them through an edge and a silo (RGB24 on the wire) or when the CLI serves them locally, whichever channel
/// order the camera captures in.
/// </summary>
public sealed class TrainingAndServingPixelsTests
{
    private const int Side = 32;
    private const int Frames = 8;

    public static TheoryData<PixelOrder, bool> Cases => new()
    {
        { PixelOrder.Rgb, true },
        { PixelOrder.Bgr, true },
        { PixelOrder.Rgb, false },
        { PixelOrder.Bgr, false },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void AClipServedThroughTheEdgeAndTheSiloOrTheCliIsTheTensorItWasTrainedAs(PixelOrder cameraOrder, bool normalize)
    {
        var config = new VideoConfig { TargetWidth = Side, TargetHeight = Side, SequenceLength = Frames, Stride = Frames, Normalize = normalize };
        var dataset = new SyntheticDataset(seed: 3, count: 3, Side, Side, Frames);
        var normalization = PixelNormalization.From(config);
        float[] trained;
        using (NewDisposeScope())
        {
            var (input, _) = new BatchBuilder(dataset.Generator, dataset.Count, normalization).Build(dataset, [0, 1, 2]);
            trained = input.data<float>().ToArray();
        }

        var encoder = new SequenceEncoder(new SequenceEncoderOptions { Format = PixelFormat.Rgb24 }, config);
        var clipValues = Frames * 3 * Side * Side;
        for (var i = 0; i < dataset.Count; i++)
        {
            using var sequence = Assemble(dataset[i], config, cameraOrder);
            var wire = SequenceCodec.TryDecode(SequenceCodec.Encode(encoder.Encode(sequence, "site", "cam"))).Value!;

            var served = ModelInput(new SequenceDecoder().Decode(wire));
            var local = ModelInput(new SequenceFrames(sequence.Frames, sequence.Width, sequence.Height, sequence.Order, normalization));

            var expected = trained.AsSpan(i * clipValues, clipValues).ToArray();
            Assert.Equal(expected, served);
            Assert.Equal(expected, local);
        }
    }

    private static float[] ModelInput(SequenceFrames frames)
    {
        using (frames)
        {
            var values = new float[frames.Elements];
            frames.WriteTo(values);
            return values;
        }
    }

    // The clip as a camera capturing in `order` would deliver it to the edge's pipeline.
    private static AssembledSequence Assemble(SyntheticClip clip, VideoConfig config, PixelOrder order)
    {
        using var pipeline = new FramePipeline(StreamSettings.From(config) with { Fps = null }, Frames, Frames,
            new CaptureInstruments(EdgeTestKit.NewMeterFactory(), "test"));
        AssembledSequence? sequence = null;
        for (var f = 0; f < clip.FrameCount; f++)
        {
            var frame = Frame.Rent(f, TestFrames.Epoch.AddMilliseconds(40 * f), null, clip.Width, clip.Height, order);
            clip.Frame(f).CopyTo(frame.Pixels);
            if (order == PixelOrder.Bgr)
            {
                var pixels = frame.Pixels;
                for (var p = 0; p < pixels.Length; p += 3)
                {
                    (pixels[p], pixels[p + 2]) = (pixels[p + 2], pixels[p]);
                }
            }

            sequence = pipeline.Process(frame) ?? sequence;
        }

        return sequence ?? throw new InvalidOperationException("The pipeline assembled no sequence.");
    }
}

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
using OpenCvSharp;
using static TorchSharp.torch;

namespace EdgeVision.Tests.Silo.Decoding;

/// <summary>
/// The pixel path before and after it was written once: the old edge (BGR to RGB in preprocessing, back to BGR for
/// JPEG), the old silo tensorizer, the old CLI conversion and the old training normalisation, copied here verbatim,
/// against the new code on real sequences (decoded video files and synthetic scenes, JPEG and RGB24, with and without
/// an in-flight resize).
/// </summary>
public sealed class OldAndNewPixelPathTests(TestVideos videos) : IClassFixture<TestVideos>
{
    private static readonly VideoConfig Config = new() { TargetWidth = 32, TargetHeight = 24, SequenceLength = 4, Stride = 4 };

    public static TheoryData<string, PixelFormat, bool> Cases => new()
    {
        { "mjpeg.avi", PixelFormat.Jpeg, false },
        { "mjpeg.avi", PixelFormat.Jpeg, true },
        { "mjpeg.avi", PixelFormat.Rgb24, false },
        { "mjpeg.avi", PixelFormat.Rgb24, true },
        { "h264.mp4", PixelFormat.Jpeg, false },
        { "h264.mp4", PixelFormat.Rgb24, true },
        { "synthetic", PixelFormat.Jpeg, false },
        { "synthetic", PixelFormat.Jpeg, true },
        { "synthetic", PixelFormat.Rgb24, false },
        { "synthetic", PixelFormat.Rgb24, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task TheWireFramesAreTheSameBytesAndTheModelInputTheSameFloats(string source, PixelFormat format, bool shrinkInFlight)
    {
        var frames = await FramesAsync(source);
        var encoder = new SequenceEncoder(new SequenceEncoderOptions { Format = format, JpegQuality = 90 }, Config);
        var target = shrinkInFlight ? new FrameSize(16, 12) : (FrameSize?)null;
        var maxDifference = 0f;
        try
        {
            using var pipeline = new FramePipeline(StreamSettings.From(Config) with { Fps = null }, 4, 4, new CaptureInstruments(EdgeTestKit.NewMeterFactory(), "test"));
            var sequences = 0;
            for (var i = 0; i + 4 <= frames.Count; i += 4)
            {
                var window = frames.Skip(i).Take(4).ToList();
                var oldWire = OldEdge.Encode(window, Config, format, 90);
                AssembledSequence? assembled = null;
                foreach (var frame in window)
                {
                    assembled = pipeline.Process(Copy(frame)) ?? assembled;
                }

                using var sequence = assembled!;
                var newWire = encoder.Encode(sequence, "site", "cam");
                Assert.Equal(oldWire.Count, newWire.Frames.Length);
                for (var f = 0; f < oldWire.Count; f++)
                {
                    Assert.True(oldWire[f].AsSpan().SequenceEqual(newWire.Frames[f].Span), $"wire frame {f} of window {i} differs");
                }

                var wire = SequenceCodec.TryDecode(SequenceCodec.Encode(newWire)).Value!;
                var old = OldSilo.Tensorize(wire, target);
                using var decoded = new SequenceDecoder().Decode(wire, target);
                var values = new float[decoded.Elements];
                decoded.WriteTo(values);
                Assert.Equal(old.Length, values.Length);
                maxDifference = Math.Max(maxDifference, MaxDifference(old, values));

                // The CLI feeds assembled sequences to its engine directly (no wire): old RGB frames against the new path.
                var oldCli = OldCli.ToModelInput(OldEdge.Preprocess(window, Config), Config);
                using var cli = new SequenceFrames(sequence.Frames, sequence.Width, sequence.Height, sequence.Order, PixelNormalization.From(Config));
                var newCli = new float[cli.Elements];
                cli.WriteTo(newCli);
                maxDifference = Math.Max(maxDifference, MaxDifference(oldCli, newCli));
                sequences++;
            }

            Assert.True(sequences >= 2);
        }
        finally
        {
            frames.ForEach(f => f.Dispose());
        }

        TestContext.Current.TestOutputHelper?.WriteLine($"{source} {format} shrink={shrinkInFlight}: largest difference {maxDifference:E2}");
        Assert.InRange(maxDifference, 0, 2e-6f);
    }

    [Fact]
    public void TrainingTensorsMatchTheOldNormalisation()
    {
        using var scope = NewDisposeScope();
        var clips = new SyntheticDataset(5, 4, 40, 24, 6).ToArray();
        foreach (var config in new[] { new VideoConfig(), new VideoConfig { Mean = [0.5, 0.25, 0.125], Std = [0.3, 0.2, 0.1] }, new VideoConfig { Normalize = false } })
        {
            var fresh = ClipTensors.FromClips(clips, PixelNormalization.From(config)).data<float>().ToArray();
            var old = new float[fresh.Length];
            var clipValues = clips[0].FrameCount * clips[0].FrameBytes;
            for (var i = 0; i < clips.Length; i++)
            {
                OldTraining.Normalize(clips[i].Pixels, clips[i].FrameCount, 24, 40, config, old.AsSpan(i * clipValues, clipValues));
            }

            var difference = MaxDifference(old, fresh);
            TestContext.Current.TestOutputHelper?.WriteLine($"training, normalize={config.Normalize} mean {string.Join(",", config.Mean)}: largest difference {difference:E2}");
            Assert.InRange(difference, 0, 2e-6f);
        }
    }

    private static float MaxDifference(float[] expected, float[] actual)
    {
        var max = 0f;
        for (var i = 0; i < expected.Length; i++)
        {
            max = Math.Max(max, Math.Abs(expected[i] - actual[i]));
        }

        return max;
    }

    private async Task<List<Frame>> FramesAsync(string source)
    {
        if (source != "synthetic")
        {
            return await EdgeTestKit.ReadAllAsync(new FileFrameSource(Path.Combine(videos.Directory, source), Playback.Unpaced));
        }

        var clip = new SyntheticClipGenerator(48, 36, 12).Generate(seed: 11);
        return [.. Enumerable.Range(0, clip.FrameCount).Select(i =>
        {
            var frame = Frame.Rent(i, TestFrames.Epoch.AddMilliseconds(40 * i), null, clip.Width, clip.Height, PixelOrder.Rgb);
            clip.Frame(i).CopyTo(frame.Pixels);
            return frame;
        })];
    }

    private static Frame Copy(Frame frame)
    {
        var copy = Frame.Rent(frame.Index, TestFrames.Epoch.AddMilliseconds(40 * frame.Index), null, frame.Width, frame.Height, frame.Order);
        frame.Pixels.CopyTo(copy.Pixels);
        return copy;
    }

    /// <summary>The edge as it was: every frame to RGB in preprocessing; JPEG converted back to BGR to encode.</summary>
    private static class OldEdge
    {
        public static List<byte[]> Preprocess(List<Frame> frames, VideoConfig config)
        {
            var result = new List<byte[]>();
            foreach (var frame in frames)
            {
                var rgb = new byte[config.TargetWidth * config.TargetHeight * 3];
                using var source = Mat.FromPixelData(frame.Height, frame.Width, MatType.CV_8UC3, frame.Pixels.ToArray());
                using var target = Mat.FromPixelData(config.TargetHeight, config.TargetWidth, MatType.CV_8UC3, rgb);
                if (frame.Width == config.TargetWidth && frame.Height == config.TargetHeight)
                {
                    Convert(source, target, frame.Order);
                }
                else
                {
                    using var resized = new Mat();
                    var interpolation = config.TargetWidth <= frame.Width && config.TargetHeight <= frame.Height ? InterpolationFlags.Area : InterpolationFlags.Linear;
                    Cv2.Resize(source, resized, new OpenCvSharp.Size(config.TargetWidth, config.TargetHeight), interpolation: interpolation);
                    Convert(resized, target, frame.Order);
                }

                result.Add(rgb);
            }

            return result;
        }

        public static List<byte[]> Encode(List<Frame> frames, VideoConfig config, PixelFormat format, int quality) =>
            [.. Preprocess(frames, config).Select(rgb => format == PixelFormat.Jpeg ? Jpeg(rgb, config.TargetWidth, config.TargetHeight, quality) : rgb)];

        private static byte[] Jpeg(byte[] rgb, int width, int height, int quality)
        {
            using var source = Mat.FromPixelData(height, width, MatType.CV_8UC3, rgb);
            using var bgr = new Mat();
            Cv2.CvtColor(source, bgr, ColorConversionCodes.RGB2BGR);
            Cv2.ImEncode(".jpg", bgr, out var jpeg, [new ImageEncodingParam(ImwriteFlags.JpegQuality, quality)]);
            return jpeg;
        }

        private static void Convert(Mat source, Mat target, PixelOrder order)
        {
            if (order == PixelOrder.Bgr)
            {
                Cv2.CvtColor(source, target, ColorConversionCodes.BGR2RGB);
            }
            else
            {
                source.CopyTo(target);
            }
        }
    }

    /// <summary>The silo's SequenceTensorizer as it was.</summary>
    private static class OldSilo
    {
        public static float[] Tensorize(FrameSequence sequence, FrameSize? target)
        {
            var output = SequenceDecoder.OutputSize(sequence, target);
            var planeLength = output.Width * output.Height;
            var frameLength = planeLength * 3;
            var pixels = new float[(long)sequence.FrameCount * frameLength];
            var (scale, shift) = Coefficients(sequence.Preprocessing);
            for (var i = 0; i < sequence.FrameCount; i++)
            {
                var destination = pixels.AsSpan(i * frameLength, frameLength);
                var frame = sequence.Frames[i];
                var resize = output.Width != sequence.Width || output.Height != sequence.Height;
                if (sequence.PixelFormat == PixelFormat.Rgb24 && !resize)
                {
                    Normalize(frame.Span, planeLength, scale, shift, destination);
                    continue;
                }

                using var rgb = DecodeRgb(sequence, i);
                if (resize)
                {
                    using var resized = new Mat();
                    Cv2.Resize(rgb, resized, new OpenCvSharp.Size(output.Width, output.Height), interpolation: InterpolationFlags.Area);
                    Normalize(resized.AsSpan<byte>(), planeLength, scale, shift, destination);
                }
                else
                {
                    Normalize(rgb.AsSpan<byte>(), planeLength, scale, shift, destination);
                }
            }

            return pixels;
        }

        private static Mat DecodeRgb(FrameSequence sequence, int index)
        {
            var frame = sequence.Frames[index].Span;
            if (sequence.PixelFormat == PixelFormat.Rgb24)
            {
                var mat = new Mat(sequence.Height, sequence.Width, MatType.CV_8UC3);
                frame.CopyTo(mat.AsSpan<byte>());
                return mat;
            }

            using var bgr = Cv2.ImDecode(frame, ImreadModes.Color);
            var rgb = new Mat();
            Cv2.CvtColor(bgr, rgb, ColorConversionCodes.BGR2RGB);
            return rgb;
        }

        private static (float[] Scale, float[] Shift) Coefficients(PreprocessingParameters parameters)
        {
            var scale = new float[3];
            var shift = new float[3];
            for (var c = 0; c < 3; c++)
            {
                var mean = parameters.Normalize ? parameters.Mean[c] : 0f;
                var std = parameters.Normalize ? parameters.Std[c] : 1f;
                scale[c] = 1f / (255f * std);
                shift[c] = -mean / std;
            }

            return (scale, shift);
        }

        private static void Normalize(ReadOnlySpan<byte> rgb, int planeLength, float[] scale, float[] shift, Span<float> destination)
        {
            for (var c = 0; c < 3; c++)
            {
                var plane = destination.Slice(c * planeLength, planeLength);
                float s = scale[c], b = shift[c];
                for (var p = 0; p < planeLength; p++)
                {
                    plane[p] = (rgb[(p * 3) + c] * s) + b;
                }
            }
        }
    }

    /// <summary>The CLI's SequencePixels as it was (on RGB frames, with the configuration's double mean and std).</summary>
    private static class OldCli
    {
        public static float[] ToModelInput(List<byte[]> frames, VideoConfig config)
        {
            var pixels = config.TargetWidth * config.TargetHeight;
            var values = new float[frames.Count * 3 * pixels];
            for (var f = 0; f < frames.Count; f++)
            {
                OldTraining.Normalize(frames[f], 1, config.TargetHeight, config.TargetWidth, config, values.AsSpan(f * 3 * pixels, 3 * pixels));
            }

            return values;
        }
    }

    /// <summary>Training's ClipTensors.Normalize as it was (PixelNormalization held doubles).</summary>
    private static class OldTraining
    {
        public static void Normalize(ReadOnlySpan<byte> rgb, int frames, int height, int width, VideoConfig config, Span<float> destination)
        {
            var mean = config.Normalize ? config.Mean : [0, 0, 0];
            var std = config.Normalize ? config.Std : [1, 1, 1];
            var pixels = height * width;
            Span<float> scale = stackalloc float[3];
            Span<float> shift = stackalloc float[3];
            for (var c = 0; c < 3; c++)
            {
                scale[c] = (float)(1 / (255 * std[c]));
                shift[c] = (float)(-mean[c] / std[c]);
            }

            for (var f = 0; f < frames; f++)
            {
                var source = rgb.Slice(f * pixels * 3, pixels * 3);
                var target = destination.Slice(f * pixels * 3, pixels * 3);
                for (var c = 0; c < 3; c++)
                {
                    var plane = target.Slice(c * pixels, pixels);
                    float s = scale[c], b = shift[c];
                    for (var p = 0; p < pixels; p++)
                    {
                        plane[p] = (source[(p * 3) + c] * s) + b;
                    }
                }
            }
        }
    }
}

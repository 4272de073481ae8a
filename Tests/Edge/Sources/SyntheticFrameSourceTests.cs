using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Sources;
using EdgeVision.Synthetic;

namespace EdgeVision.Tests.Edge.Sources;

public sealed class SyntheticFrameSourceTests
{
    [Fact]
    public void BareSyntheticIsEveryClassAt320x240And30FpsInEightFrameActions()
    {
        var settings = SyntheticSourceSettings.Parse("synthetic");

        Assert.Equal(new SyntheticSourceSettings { Seed = 0, Action = null, Width = 320, Height = 240, Fps = 30, FramesPerAction = 8 }, settings);
    }

    [Fact]
    public void ParsesEveryKeyAndWritesTheSameStringBack()
    {
        var settings = SyntheticSourceSettings.Parse(" Synthetic:seed=-7, class=rotate_clockwise,width=64,height=48,fps=12.5,frames_per_action=9 ");

        Assert.Equal(new SyntheticSourceSettings { Seed = -7, Action = ActionClass.RotateClockwise, Width = 64, Height = 48, Fps = 12.5, FramesPerAction = 9 }, settings);
        Assert.Equal("synthetic:seed=-7,class=rotate_clockwise,width=64,height=48,fps=12.5,frames_per_action=9", settings.ToString());
        Assert.Equal(settings, SyntheticSourceSettings.Parse(settings.ToString()));
    }

    [Theory]
    [InlineData("synthetic:width=abc", "key 'width' must be an integer from 16 to 4096 (was 'abc')")]
    [InlineData("synthetic:height=5000", "key 'height' must be an integer from 16 to 4096 (was '5000')")]
    [InlineData("synthetic:fps=0", "key 'fps' must be a number above 0")]
    [InlineData("synthetic:frames_per_action=0", "key 'frames_per_action'")]
    [InlineData("synthetic:class=jump", "key 'class' names no action ('jump'); the classes are move_left, move_right")]
    [InlineData("synthetic:colour=red", "unknown key 'colour'")]
    [InlineData("synthetic:seed", "has 'seed' where a key=value pair belongs")]
    public void RejectsABadKeyNamingItAndListingTheKeys(string source, string expected)
    {
        var error = Assert.Throws<FrameSourceException>(() => FrameSourceSpec.Parse(source));

        Assert.Contains(expected, error.Message);
        Assert.Contains("Synthetic source keys: seed", error.Message);
    }

    [Fact]
    public async Task FactoryBuildsAPacedRgbCameraThatStreamsUntilStopped()
    {
        await using var source = new FrameSourceFactory().Create("synthetic:seed=3,width=48,height=32,fps=50");
        var synthetic = Assert.IsType<SyntheticFrameSource>(source);
        Assert.Equal((48, 32), source.FrameSize);
        Assert.Equal(50, source.SourceFps);

        var frames = new List<Frame>();
        await using (var running = new RunningSource(source, buffer: 64, lossless: true))
        {
            for (var i = 0; i < 11; i++)
            {
                frames.Add(await running.NextFrameAsync(EdgeTestKit.Patience));
            }

            Assert.Equal(SourceState.Streaming, source.Status.State);
            await running.StopAsync(EdgeTestKit.Patience);
        }

        try
        {
            Assert.Equal(SourceState.Ended, source.Status.State);
            Assert.All(frames, f => Assert.Equal((48, 32, PixelOrder.Rgb), (f.Width, f.Height, f.Order)));
            Assert.Equal(Enumerable.Range(0, 11).Select(i => (long)i), frames.Select(f => f.Index));
            Assert.Equal(TimeSpan.FromSeconds(10 / 50.0), frames[10].MediaTime);
            // Paced at 50 fps: ten intervals cannot take less than 200 ms (a lower bound only; a busy machine is slower).
            Assert.True(frames[10].CaptureTime - frames[0].CaptureTime >= TimeSpan.FromMilliseconds(195),
                $"11 frames at 50 fps arrived within {(frames[10].CaptureTime - frames[0].CaptureTime).TotalMilliseconds} ms");
            Assert.Contains("synthetic:seed=3", synthetic.Description);
        }
        finally
        {
            EdgeTestKit.DisposeAll(frames);
        }
    }

    [Fact]
    public async Task FramesAreTheScenesFramesWithItsGroundTruth()
    {
        var settings = new SyntheticSourceSettings { Seed = 5, Width = 40, Height = 30, FramesPerAction = 4 };
        var source = new SyntheticFrameSource(settings, Playback.Unpaced);
        var scene = new SyntheticScene(40, 30, framesPerAction: 4, seed: 5);
        var expected = new byte[scene.FrameBytes];

        var frames = await TakeAsync(source, 40);

        try
        {
            foreach (var frame in frames)
            {
                var truth = scene.Render(frame.Index, expected);
                Assert.Equal(truth, source.GroundTruth(frame.Index));
                Assert.Equal(truth.Action.Name(), frame.Label);
                Assert.True(expected.AsSpan().SequenceEqual(frame.Pixels), $"frame {frame.Index} differs from the scene's");
            }

            // Ten actions of four frames: every class once, so a stream exercises every label.
            Assert.Equal(ActionClasses.All.Order(), frames.Where(f => f.Index % 4 == 0).Select(f => source.GroundTruth(f.Index).Action).Order());
        }
        finally
        {
            EdgeTestKit.DisposeAll(frames);
        }
    }

    [Fact]
    public async Task OneClassPlaysClipAfterClipOfThatClassEachLookingDifferent()
    {
        var settings = new SyntheticSourceSettings { Seed = 1, Action = ActionClass.RotateClockwise, Width = 40, Height = 30, FramesPerAction = 6 };
        var source = new SyntheticFrameSource(settings, Playback.Unpaced);
        var clips = new SyntheticClipGenerator(40, 30, 6);

        var frames = await TakeAsync(source, 18);

        try
        {
            Assert.All(frames, f => Assert.Equal(ActionClass.RotateClockwise, source.GroundTruth(f.Index).Action));
            Assert.Equal([0L, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 2, 2], frames.Select(f => source.GroundTruth(f.Index).ActionIndex));
            // Each clip renders exactly as the clip generator renders one clip of that class...
            var first = clips.Render(SceneParameters.Sample(ActionClass.RotateClockwise, 1_000_003, 6));
            Assert.True(first.Frame(0).SequenceEqual(frames[0].Pixels));
            Assert.True(first.Frame(5).SequenceEqual(frames[5].Pixels));
            // ...moves within the clip, and the next clip is a new scene, not a replay.
            Assert.False(frames[0].Pixels.SequenceEqual(frames[5].Pixels));
            Assert.False(frames[0].Pixels.SequenceEqual(frames[6].Pixels));
        }
        finally
        {
            EdgeTestKit.DisposeAll(frames);
        }
    }

    [Fact]
    public async Task TheSameSeedRepeatsTheStreamAndAnotherSeedDoesNot()
    {
        SyntheticFrameSource Make(int seed) => new(new SyntheticSourceSettings { Seed = seed, Width = 32, Height = 24 }, Playback.Unpaced);
        var a = await TakeAsync(Make(2), 3);
        var b = await TakeAsync(Make(2), 3);
        var c = await TakeAsync(Make(3), 3);

        try
        {
            Assert.True(a[2].Pixels.SequenceEqual(b[2].Pixels));
            Assert.False(a[2].Pixels.SequenceEqual(c[2].Pixels));
        }
        finally
        {
            EdgeTestKit.DisposeAll([.. a, .. b, .. c]);
        }
    }

    private static async Task<List<Frame>> TakeAsync(IFrameSource source, int count)
    {
        var frames = new List<Frame>();
        await using var running = new RunningSource(source, buffer: 4, lossless: true);
        while (frames.Count < count)
        {
            frames.Add(await running.NextFrameAsync(EdgeTestKit.Patience));
        }

        return frames;
    }
}

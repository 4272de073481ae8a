using EdgeVision.Synthetic;

namespace EdgeVision.Tests.Synthetic;

public sealed class SyntheticSceneTests
{
    [Fact]
    public void ChangesActionEveryNFramesAndReportsIt()
    {
        var scene = new SyntheticScene(32, 24, framesPerAction: 6, seed: 4);
        var frame = new byte[scene.FrameBytes];

        var truth = Enumerable.Range(0, 60).Select(i => scene.Render(i, frame)).ToList();

        Assert.Equal(Enumerable.Range(0, 60).Select(i => (long)(i / 6)), truth.Select(t => t.ActionIndex));
        Assert.Equal(Enumerable.Range(0, 60).Select(i => i % 6), truth.Select(t => t.FrameInAction));
        var actions = truth.Where(t => t.FrameInAction == 0).Select(t => t.Action).ToList();
        // Ten actions in a row hold every class once: a stream that exercises every label.
        Assert.Equal(ActionClasses.All.Order(), actions.Order());
        Assert.All(truth, t => Assert.Equal(actions[(int)t.ActionIndex], t.Action));
    }

    [Fact]
    public void RendersEachActionAsTheClipOfItsParameters()
    {
        var scene = new SyntheticScene(33, 17, framesPerAction: 5, seed: 9);
        var generator = new SyntheticClipGenerator(33, 17, 5);
        var frame = new byte[scene.FrameBytes];

        for (long action = 0; action < 12; action++)
        {
            var parameters = scene.ActionParameters(action);
            var clip = generator.Render(parameters);
            Assert.Equal(scene.Describe(action * 5).Action, parameters.Action);
            for (var f = 0; f < 5; f++)
            {
                scene.Render((action * 5) + f, frame);
                Assert.True(clip.Frame(f).SequenceEqual(frame), $"action {action} frame {f}");
            }
        }
    }

    [Fact]
    public void RendersAnyFrameOnRequestTheSameWayInAnyOrder()
    {
        var scene = new SyntheticScene(40, 30, framesPerAction: 8, seed: 1);
        var first = new byte[scene.FrameBytes];
        var again = new byte[scene.FrameBytes];

        scene.Render(1_000_003, first);
        scene.Render(3, again);
        Assert.False(first.SequenceEqual(again));
        var truth = new SyntheticScene(40, 30, framesPerAction: 8, seed: 1).Render(1_000_003, again);

        Assert.True(first.SequenceEqual(again));
        Assert.Equal(1_000_003 / 8, truth.ActionIndex);
        Assert.Equal(1_000_003 % 8, truth.FrameInAction);
    }
}

using EdgeVision.Synthetic;

namespace EdgeVision.Tests.Synthetic;

public sealed class SyntheticDatasetTests
{
    [Theory]
    [InlineData(100)]
    [InlineData(97)]
    public void DealsClassesEvenly(int count)
    {
        var dataset = new SyntheticDataset(3, count, 16, 16, 4);

        var counts = ActionClasses.All.Select(action => Enumerable.Range(0, count).Count(i => dataset.LabelOf(i) == action)).ToList();

        Assert.True(counts.Max() - counts.Min() <= 1, $"class counts {string.Join(", ", counts)}");
        Assert.Equal(count, counts.Sum());
    }

    [Fact]
    public void ShufflesTheClassOrder()
    {
        var dataset = new SyntheticDataset(3, 100, 16, 16, 4);

        var labels = Enumerable.Range(0, 100).Select(i => dataset.LabelOf(i)).ToList();

        Assert.NotEqual(labels.Take(10), labels.Skip(10).Take(10));
        Assert.Equal(labels.Select(l => (int)l), Enumerable.Range(0, 100).Select(i => new SyntheticDataset(3, 100, 16, 16, 4).LabelOf(i)).Select(l => (int)l));
    }

    [Fact]
    public void SameSeedGivesByteIdenticalClips()
    {
        var first = new SyntheticDataset(42, 30, 24, 24, 8);
        var second = new SyntheticDataset(42, 30, 24, 24, 8);

        Assert.All(Enumerable.Range(0, 30), i =>
        {
            Assert.Equal(first[i].Label, second[i].Label);
            Assert.True(first[i].Pixels.SequenceEqual(second[i].Pixels), $"clip {i} differs");
        });
    }

    [Fact]
    public void DifferentSeedsShareNoClip()
    {
        var train = new SyntheticDataset(1, 200, 16, 16, 4);
        var heldOut = new SyntheticDataset(2, 200, 16, 16, 4);

        var trainSeeds = Enumerable.Range(0, train.Count).Select(train.ClipSeedOf).ToHashSet();

        Assert.Equal(train.Count, trainSeeds.Count);
        Assert.DoesNotContain(Enumerable.Range(0, heldOut.Count).Select(heldOut.ClipSeedOf), trainSeeds.Contains);
        Assert.False(train[0].Pixels.SequenceEqual(heldOut[0].Pixels));
    }

    [Fact]
    public void RendersIntoACallerBufferTheSameClipAsTheIndexer()
    {
        var dataset = new SyntheticDataset(9, 12, 33, 17, 5);
        var buffer = new byte[dataset.Generator.ClipBytes];

        for (var i = 0; i < dataset.Count; i++)
        {
            var label = dataset.RenderInto(i, buffer);

            Assert.Equal(dataset[i].Label, label);
            Assert.True(dataset[i].Pixels.SequenceEqual(buffer));
        }
    }

    [Fact]
    public void KeepsTheShapeInsideTheFrameWithAMarginForItsSmoothedEdge()
    {
        foreach (var (width, height) in new[] { (16, 16), (33, 17), (17, 33), (32, 32) })
        {
            var dataset = new SyntheticDataset(5, 300, width, height, 8);
            for (var i = 0; i < dataset.Count; i++)
            {
                var parameters = SceneParameters.Sample(dataset.LabelOf(i), dataset.ClipSeedOf(i), 8);
                for (var f = 0; f < 8; f++)
                {
                    var state = parameters.StateAt(f);
                    var radius = (state.Size * Math.Min(width, height)) + 0.5;
                    var where = $"{width}x{height} clip {i} ({parameters.Action}) frame {f}";
                    Assert.True(state.X * width - radius >= 0 && state.X * width + radius <= width, where);
                    Assert.True(state.Y * height - radius >= 0 && state.Y * height + radius <= height, where);
                }
            }
        }
    }

    [Fact]
    public void ShowsTheShapeInEveryFrameOfEveryClass()
    {
        var dataset = new SyntheticDataset(8, 200, 32, 32, 8);

        foreach (var clip in dataset)
        {
            var shape = Foreground.OfClip(clip);
            for (var f = 0; f < shape.Count; f++)
            {
                // Flicker's off frames are the one place the shape may fade out.
                var off = clip.Label == ActionClass.Flicker && f / clip.Parameters.FlickerHalfPeriod % 2 == 1;
                Assert.True(off || shape[f].Area >= 4, $"{clip.Label} seed {clip.Seed} frame {f}: {shape[f].Area} shape pixels");
            }
        }
    }
}

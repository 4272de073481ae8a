using EdgeVision.Inference.Classes;

namespace EdgeVision.Tests.Inference.Classes;

public sealed class TopKTests
{
    [Fact]
    public void TheMostProbableClassesComeFirstWithTheirLabelsAndProbabilities()
    {
        var top = TopK.Of([0.1f, 0.6f, 0.05f, 0.25f], ["walk", "run", "sit", "jump"], 3);

        Assert.Equal([new RankedClass(1, "run", 0.6f), new RankedClass(3, "jump", 0.25f), new RankedClass(0, "walk", 0.1f)], top);
    }

    [Fact]
    public void EqualProbabilitiesKeepTheClassesOrder()
    {
        var top = TopK.Of([0.2f, 0.4f, 0.2f, 0.2f], ["a", "b", "c", "d"], 4);

        Assert.Equal([1, 0, 2, 3], top.Select(c => c.Index));
    }

    [Fact]
    public void AClassWithoutALabelIsNamedByItsIndex()
    {
        var top = TopK.Of([0.1f, 0.2f, 0.7f], ["first"], 3);

        Assert.Equal(["class_2", "class_1", "first"], top.Select(c => c.Label));
        Assert.Equal(["class_0", "class_1"], ClassLabels.Defaults(2));
    }

    [Fact]
    public void AskingForMoreClassesThanThereAreGivesThemAll()
    {
        Assert.Equal(2, TopK.Of([0.5f, 0.5f], null, 5).Length);
        Assert.Throws<ArgumentOutOfRangeException>(() => TopK.Of([1f], null, 0));
    }
}

using EdgeVision.Contracts.Wire;

namespace EdgeVision.Tests.Contracts.Wire;

/// <summary>The one rule that turns a sequence's frame labels into its true label, and what a label may be.</summary>
public sealed class GroundTruthTests
{
    [Fact]
    public void ASequenceOfOneActionIsThatAction() =>
        Assert.Equal("grow", GroundTruth.SequenceLabel(["grow", "grow", "grow", "grow"]));

    [Fact]
    public void ASequenceSpanningTwoActionsIsTheOneMostOfItsFramesShow()
    {
        Assert.Equal("grow", GroundTruth.SequenceLabel(["grow", "grow", "grow", "grow", "grow", "shrink", "shrink", "shrink"]));
        Assert.Equal("shrink", GroundTruth.SequenceLabel(["grow", "grow", "grow", "shrink", "shrink", "shrink", "shrink", "shrink"]));
    }

    [Fact]
    public void ATieGoesToTheActionSeenLast()
    {
        Assert.Equal("shrink", GroundTruth.SequenceLabel(["grow", "grow", "grow", "grow", "shrink", "shrink", "shrink", "shrink"]));
        Assert.Equal("still", GroundTruth.SequenceLabel(["grow", "grow", "shrink", "shrink", "still", "still"]));
        // Counts first: the later action wins only among equals.
        Assert.Equal("grow", GroundTruth.SequenceLabel(["grow", "grow", "grow", "shrink", "shrink", "still", "still", "flicker"]));
    }

    [Fact]
    public void NoLabelsMeanNoTrueLabel() => Assert.Null(GroundTruth.SequenceLabel([]));

    [Fact]
    public void LabelsCompareExactly() =>
        Assert.Equal("Grow", GroundTruth.SequenceLabel(["grow", "Grow", "Grow"]));

    [Theory]
    [InlineData("move_left")]
    [InlineData("walking the dog")]
    [InlineData("Öffnen der Tür")]
    public void AcceptsLabelsAModelCouldReport(string label) => Assert.Null(GroundTruth.ExplainLabel(label));

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("move\nleft")]
    [InlineData("move\u007fleft")]
    public void RejectsEmptyBlankAndControlCharacterLabels(string label) => Assert.NotNull(GroundTruth.ExplainLabel(label));

    [Fact]
    public void RejectsALabelOverTheLengthLimit()
    {
        Assert.Null(GroundTruth.ExplainLabel(new string('a', GroundTruth.MaxLabelLength)));
        Assert.Contains("1 to 128", GroundTruth.ExplainLabel(new string('a', GroundTruth.MaxLabelLength + 1)));
    }

    [Fact]
    public void FrameLabelsAreNoneOrOnePerFrame()
    {
        Assert.Null(GroundTruth.ExplainFrameLabels([], 8));
        Assert.Null(GroundTruth.ExplainFrameLabels(["a", "b"], 2));
        Assert.Contains("3 frames and 2 frame labels", GroundTruth.ExplainFrameLabels(["a", "b"], 3));
        Assert.Contains("Frame label 1", GroundTruth.ExplainFrameLabels(["a", " "], 2));
    }
}

using EdgeVision.Contracts.Configuration;
using EdgeVision.Inference.Checkpoints;

namespace EdgeVision.Tests.Inference.Checkpoints;

/// <summary>How many frames per synthetic action a checkpoint was trained on: recorded, else implied by how it was trained.</summary>
public sealed class TrainedPaceTests
{
    private static readonly VideoModelConfig EightFrames = new() { SequenceLength = 8 };
    private static readonly DateTimeOffset At = new(2026, 11, 25, 20, 0, 0, TimeSpan.Zero);

    [Fact]
    public void ARecordedPaceIsTheAnswer() =>
        Assert.Equal(16, new CheckpointMetadata("1", At, TrainingCommand: "edgevision train --model conv3d", FramesPerAction: 16).TrainedFramesPerAction(EightFrames));

    [Fact]
    public void TheTrainCommandsCheckpointsWithoutARecordedPaceWereTrainedOnOneActionPerClip() =>
        Assert.Equal(8, new CheckpointMetadata("1", At, TrainingCommand: "edgevision train --model conv3d -o x.ckpt").TrainedFramesPerAction(EightFrames));

    [Fact]
    public void AnImportedCheckpointHasNoKnownPace()
    {
        Assert.Null(new CheckpointMetadata("pytorch:x.pt", At).TrainedFramesPerAction(EightFrames));
        Assert.Null(new CheckpointMetadata("1", At, TrainingCommand: "python train.py").TrainedFramesPerAction(EightFrames));
    }
}

using EdgeVision.Edge.Sources;

namespace EdgeVision.Cli.Runs;

/// <summary>
/// A synthetic scene played at another pace than the model's training clips (frames per action) shows it motions it
/// never saw, and its labels then mostly disagree with the scene's: a run says so before it starts.
/// </summary>
internal static class ScenePace
{
    /// <summary>The warning for <paramref name="source"/> and a model trained on <paramref name="trainedFramesPerAction"/>-frame actions; null when they agree or either is unknown.</summary>
    public static string? Mismatch(FrameSourceSpec source, string model, int? trainedFramesPerAction)
    {
        if (source.Kind != FrameSourceKind.Synthetic || trainedFramesPerAction is not { } trained)
        {
            return null;
        }

        var played = SyntheticSourceSettings.Parse(source.Target).FramesPerAction;
        return played == trained
            ? null
            : $"warning: the synthetic scene plays {played} frames per action and {model} was trained on {trained}-frame actions, "
              + $"so its labels will mostly disagree with the scene's (frames_per_action={trained} in --source plays it at the model's pace).";
    }
}

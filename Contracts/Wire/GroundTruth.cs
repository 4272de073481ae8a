namespace EdgeVision.Contracts.Wire;

/// <summary>
/// Ground truth from sources that know what they show (the synthetic action scenes): one label per frame, carried
/// with the frame through preprocessing and onto the wire (<see cref="FrameSequence.FrameLabels"/>), and the one rule
/// that turns a sequence's frame labels into its true label (<see cref="SequenceLabel"/>). Cameras, files and streams
/// carry none.
/// </summary>
public static class GroundTruth
{
    /// <summary>Longest label accepted, as for a result's top-k labels.</summary>
    public const int MaxLabelLength = 128;

    /// <summary>
    /// The true label of a sequence whose frames carry <paramref name="frameLabels"/> (oldest first): the label of most
    /// of its frames; among labels with equally many frames, the one seen last, the action still going on when the
    /// sequence ends. A sequence spans two actions when it starts mid-action or frames are skipped (8 frames with skip 1
    /// cover 15 of the scene's); 4 frames of one and 4 of the next count as the next. Null when there are no labels.
    /// </summary>
    public static string? SequenceLabel(ReadOnlySpan<string> frameLabels)
    {
        string? best = null;
        var bestCount = 0;
        // From the newest frame back: the first label met is the one seen last, so a tie keeps it.
        for (var i = frameLabels.Length - 1; i >= 0; i--)
        {
            var label = frameLabels[i];
            if (frameLabels[(i + 1)..].Contains(label))
            {
                continue;
            }

            var count = 0;
            foreach (var other in frameLabels[..(i + 1)])
            {
                if (string.Equals(other, label, StringComparison.Ordinal))
                {
                    count++;
                }
            }

            if (count > bestCount)
            {
                best = label;
                bestCount = count;
            }
        }

        return best;
    }

    /// <summary>Why <paramref name="label"/> is not a valid label (1-128 characters, not blank, no control characters), or null when it is.</summary>
    public static string? ExplainLabel(string? label) => label switch
    {
        null => "is missing",
        { Length: 0 or > MaxLabelLength } => $"must be 1 to {MaxLabelLength} characters (was {label.Length})",
        _ when string.IsNullOrWhiteSpace(label) => "must not be blank",
        _ when label.AsSpan().ContainsAnyInRange('\0', '\u001f') || label.Contains('\u007f', StringComparison.Ordinal) => "must not contain control characters",
        _ => null,
    };

    /// <summary>Why <paramref name="frameLabels"/> do not fit a sequence of <paramref name="frameCount"/> frames (none, or one valid label per frame), or null.</summary>
    public static string? ExplainFrameLabels(ReadOnlySpan<string> frameLabels, int frameCount)
    {
        if (frameLabels.IsEmpty)
        {
            return null;
        }

        if (frameLabels.Length != frameCount)
        {
            return $"Sequence has {frameCount} frames and {frameLabels.Length} frame labels; give one per frame or none.";
        }

        for (var i = 0; i < frameLabels.Length; i++)
        {
            if (ExplainLabel(frameLabels[i]) is { } problem)
            {
                return $"Frame label {i} {problem}.";
            }
        }

        return null;
    }
}

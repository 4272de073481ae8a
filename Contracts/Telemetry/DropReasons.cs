namespace EdgeVision.Contracts.Telemetry;

public static class DropReasons
{
    /// <summary>All reasons, in declaration order (for zero-initialised counters and reports).</summary>
    public static IReadOnlyList<DropReason> All { get; } = Enum.GetValues<DropReason>();

    /// <summary>The snake_case value used as the <c>reason</c> tag on drop counters and in reports.</summary>
    public static string Tag(this DropReason reason) => reason switch
    {
        DropReason.SourceOverrun => "source_overrun",
        DropReason.FpsLimit => "fps_limit",
        DropReason.FrameSkip => "frame_skip",
        DropReason.OfflineQueueFull => "offline_queue_full",
        DropReason.Stale => "stale",
        DropReason.Overload => "overload",
        DropReason.Invalid => "invalid",
        DropReason.NoResult => "no_result",
        DropReason.Shutdown => "shutdown",
        DropReason.Lost => "lost",
        _ => throw new ArgumentOutOfRangeException(nameof(reason), reason, "Unknown drop reason."),
    };

    /// <summary>The reason whose <see cref="Tag"/> is <paramref name="tag"/> (exact, case-sensitive); false for any other text.</summary>
    public static bool TryParseTag(string? tag, out DropReason reason)
    {
        foreach (var candidate in All)
        {
            if (string.Equals(candidate.Tag(), tag, StringComparison.Ordinal))
            {
                reason = candidate;
                return true;
            }
        }

        reason = default;
        return false;
    }
}

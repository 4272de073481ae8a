using System.Text.RegularExpressions;
using EdgeVision.Contracts.Telemetry;

namespace EdgeVision.Tests.Contracts.Telemetry;

public sealed class DropReasonTests
{
    [Fact]
    public void TagsAreTheDocumentedSnakeCaseNames()
    {
        var tags = DropReasons.All.Select(r => r.Tag()).ToArray();

        Assert.Equal(["source_overrun", "fps_limit", "frame_skip", "offline_queue_full", "stale", "overload", "invalid", "no_result", "shutdown", "lost"], tags);
        Assert.All(tags, tag => Assert.Matches(new Regex("^[a-z]+(_[a-z]+)*$"), tag));
    }
}

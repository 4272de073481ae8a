using System.ComponentModel;

namespace EdgeVision.Cli.Reports;

/// <summary>What was read and how it ended.</summary>
[Description("The frame source.")]
public sealed record SourceReport(
    [property: Description("The --source value.")] string Spec,
    [property: Description("file, network, webcam or synthetic.")] string Kind,
    [property: Description("The source as it describes itself (credentials masked).")] string Description,
    [property: Description("The source's own frame rate, when known.")] double? Fps,
    [property: Description("Frame width before resizing, when known.")] int? Width,
    [property: Description("Frame height before resizing, when known.")] int? Height,
    [property: Description("The source's last state: Streaming, Ended, Failed, ...")] string State,
    [property: Description("Why it is in that state, when it says.")] string? Reason);

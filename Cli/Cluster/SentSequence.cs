namespace EdgeVision.Cli.Cluster;

/// <summary>What a <c>--cluster</c> run remembers of a published sequence until its result (or its drop) arrives.</summary>
internal sealed record SentSequence(long Number, long FirstFrame, long LastFrame, DateTimeOffset FirstCapture, DateTimeOffset LastCapture,
    int Width, int Height, int Frames);

namespace EdgeVision.Edge.Sources;

/// <summary>The kinds of source a source string can name.</summary>
public enum FrameSourceKind
{
    File,
    Network,
    Webcam,
    Synthetic,
}

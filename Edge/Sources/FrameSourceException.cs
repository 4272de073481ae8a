namespace EdgeVision.Edge.Sources;

/// <summary>A source string or source setting that cannot work, with a message that says how to fix it.</summary>
public sealed class FrameSourceException(string message, Exception? inner = null) : Exception(message, inner);

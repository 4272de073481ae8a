using System.Threading.Channels;

namespace EdgeVision.Edge.Sources;

/// <summary>
/// A camera, stream, file or generator. <see cref="RunAsync"/> writes frames until the source ends, fails or is
/// cancelled, then returns (it does not complete the writer; the owner does). Ownership of each written
/// <see cref="Frame"/> passes to the channel's reader.
/// </summary>
public interface IFrameSource : IAsyncDisposable
{
    /// <summary>What the source reads, for logs and stream info (credentials in URLs are masked).</summary>
    string Description { get; }

    SourceStatus Status { get; }

    /// <summary>Raised on every state change, on the source's thread; handlers must be quick.</summary>
    event Action<SourceStatus>? StatusChanged;

    /// <summary>The source's own frame rate once known (file header, probe or generator setting).</summary>
    double? SourceFps { get; }

    /// <summary>Frame size once known.</summary>
    (int Width, int Height)? FrameSize { get; }

    Task RunAsync(ChannelWriter<Frame> output, CancellationToken cancellationToken);
}

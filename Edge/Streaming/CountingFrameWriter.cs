using System.Threading.Channels;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Sources;

namespace EdgeVision.Edge.Streaming;

/// <summary>Counts every frame a source hands over, before the capture buffer can drop it.</summary>
internal sealed class CountingFrameWriter(ChannelWriter<Frame> inner, CaptureInstruments instruments) : ChannelWriter<Frame>
{
    public override bool TryComplete(Exception? error = null) => inner.TryComplete(error);

    public override bool TryWrite(Frame item)
    {
        if (!inner.TryWrite(item))
        {
            return false;
        }

        instruments.FrameCaptured();
        return true;
    }

    public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) =>
        inner.WaitToWriteAsync(cancellationToken);

    public override async ValueTask WriteAsync(Frame item, CancellationToken cancellationToken = default)
    {
        try
        {
            await inner.WriteAsync(item, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            // Not accepted: nobody else will ever dispose it.
            item.Dispose();
            throw;
        }

        instruments.FrameCaptured();
    }
}

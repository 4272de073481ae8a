using System.Threading.Channels;
using EdgeVision.Edge.Sources;

namespace EdgeVision.Cli.Runs;

/// <summary>
/// Wraps a source so a run can end it the way a file ends: after <c>maxFrames</c> frames, or when the stop token
/// fires. The source then returns normally, the stream processes every frame it already delivered, and every
/// frame is accounted for in the report. A frame offered past the limit is released, never counted as delivered.
/// </summary>
internal sealed class StoppableFrameSource(IFrameSource inner, long? maxFrames, CancellationToken stop) : IFrameSource
{
    private long _delivered;

    public string Description => inner.Description;

    public SourceStatus Status => inner.Status;

    public event Action<SourceStatus>? StatusChanged
    {
        add => inner.StatusChanged += value;
        remove => inner.StatusChanged -= value;
    }

    public double? SourceFps => inner.SourceFps;

    public (int Width, int Height)? FrameSize => inner.FrameSize;

    /// <summary>Frames handed to the stream.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>True once the frame limit ended the source.</summary>
    public bool ReachedLimit { get; private set; }

    public async Task RunAsync(ChannelWriter<Frame> output, CancellationToken cancellationToken)
    {
        using var ended = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stop);
        if (maxFrames is 0)
        {
            ReachedLimit = true;
            return;
        }

        var writer = new LimitWriter(this, output, ended);
        try
        {
            await inner.RunAsync(writer, ended.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (ended.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            // Ended by the limit or the stop request: a normal end for the stream.
        }
    }

    public ValueTask DisposeAsync() => inner.DisposeAsync();

    private sealed class LimitWriter(StoppableFrameSource owner, ChannelWriter<Frame> output, CancellationTokenSource ended) : ChannelWriter<Frame>
    {
        public override bool TryWrite(Frame item)
        {
            if (ended.IsCancellationRequested)
            {
                item.Dispose();
                return true;
            }

            if (!output.TryWrite(item))
            {
                return false;
            }

            Delivered();
            return true;
        }

        public override ValueTask<bool> WaitToWriteAsync(CancellationToken cancellationToken = default) =>
            output.WaitToWriteAsync(cancellationToken);

        public override async ValueTask WriteAsync(Frame item, CancellationToken cancellationToken = default)
        {
            if (ended.IsCancellationRequested)
            {
                item.Dispose();
                throw new OperationCanceledException(ended.Token);
            }

            await output.WriteAsync(item, cancellationToken).ConfigureAwait(false);
            Delivered();
        }

        private void Delivered()
        {
            if (Interlocked.Increment(ref owner._delivered) >= owner.ReachLimitAt())
            {
                owner.ReachedLimit = true;
                ended.Cancel();
            }
        }
    }

    private long ReachLimitAt() => maxFrames ?? long.MaxValue;
}

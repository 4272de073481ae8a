using System.Threading.Channels;
using EdgeVision.Contracts.Telemetry;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Sources;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Edge.Streaming;

public sealed partial class VideoStream
{
    /// <summary>One start-to-stop run: its buffers, its two loops and its cancellation.</summary>
    private sealed class Run
    {
        private readonly VideoStream _owner;
        private readonly FramePipeline _pipeline;
        private readonly CancellationTokenSource _stop = new();
        private readonly CancellationTokenSource _endCapture;
        private bool _finished;

        public Run(VideoStream owner)
        {
            _owner = owner;
            _pipeline = owner._pipeline;
            _endCapture = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
            var instruments = owner.Instruments;
            Capture = Channel.CreateBounded<Frame>(
                new BoundedChannelOptions(owner._config.BufferSize) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true, SingleWriter = true },
                dropped =>
                {
                    dropped.Dispose();
                    instruments.FrameDropped(DropReason.SourceOverrun);
                });
            Sequences = Channel.CreateBounded<AssembledSequence>(
                new BoundedChannelOptions(owner._options.SequenceBufferSize) { FullMode = BoundedChannelFullMode.Wait, SingleWriter = true });
            Completion = RunAsync();
        }

        public Channel<Frame> Capture { get; }

        public Channel<AssembledSequence> Sequences { get; }

        public Task Completion { get; }

        /// <summary>
        /// True once both loops have ended. It turns true before the sequence buffer is completed, so a reader that
        /// sees the end of the sequences finds the run over (<see cref="Completion"/> completes a moment later).
        /// </summary>
        public bool IsFinished => Volatile.Read(ref _finished);

        /// <summary>Stops the source only: frames already captured are still processed and their sequences stay readable.</summary>
        public void EndCapture() => _endCapture.Cancel();

        /// <returns>The assembled sequences nobody read, now released.</returns>
        public async Task<int> StopAsync()
        {
            await _stop.CancelAsync().ConfigureAwait(false);
            await Completion.ConfigureAwait(false);
            while (Capture.Reader.TryRead(out var frame))
            {
                frame.Dispose();
            }

            var discarded = 0;
            while (Sequences.Reader.TryRead(out var sequence))
            {
                sequence.Dispose();
                discarded++;
            }

            return discarded;
        }

        private async Task RunAsync()
        {
            try
            {
                await Task.WhenAll(Task.Run(CaptureAsync), Task.Run(ProcessAsync)).ConfigureAwait(false);
            }
            finally
            {
                Volatile.Write(ref _finished, true);
                Sequences.Writer.TryComplete();
            }
        }

        private async Task CaptureAsync()
        {
            try
            {
                await _owner._source.RunAsync(new CountingFrameWriter(Capture.Writer, _owner.Instruments), _endCapture.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_endCapture.IsCancellationRequested)
            {
                // Stopped by the owner.
            }
            catch (Exception ex)
            {
                // A source bug must still end the run cleanly; its state already says Failed or will be stale.
                LogSourceCrashed(_owner._logger, _owner._source.Description, ex);
            }
            finally
            {
                Capture.Writer.TryComplete();
            }
        }

        private async Task ProcessAsync()
        {
            try
            {
                await foreach (var frame in Capture.Reader.ReadAllAsync(_stop.Token).ConfigureAwait(false))
                {
                    _owner.OfferFrame(frame);
                    if (_pipeline.Process(frame) is not { } sequence)
                    {
                        continue;
                    }

                    try
                    {
                        await Sequences.Writer.WriteAsync(sequence, _stop.Token).ConfigureAwait(false);
                    }
                    catch
                    {
                        sequence.Dispose();
                        throw;
                    }
                }
            }
            catch (OperationCanceledException) when (_stop.IsCancellationRequested)
            {
                // Stopped by the owner; StopAsync releases what is left.
            }

            // The sequence buffer is completed by RunAsync, once the run is marked finished.
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Source {Source} crashed")]
    private static partial void LogSourceCrashed(ILogger logger, string source, Exception exception);
}

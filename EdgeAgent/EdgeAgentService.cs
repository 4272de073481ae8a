using EdgeVision.Contracts.Telemetry;
using EdgeVision.Contracts.Wire;
using EdgeVision.Edge.Control;
using EdgeVision.Edge.Encoding;
using EdgeVision.Edge.Preprocessing;
using EdgeVision.Edge.Publishing;
using EdgeVision.Edge.Streaming;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace EdgeVision.EdgeAgent;

/// <summary>
/// The edge agent: capture (<see cref="VideoStream"/>) -> encode -> publish (<see cref="MqttSequencePublisher"/>), with
/// control messages applied to the stream. On shutdown the source stops, sequences already assembled are encoded and
/// the queue is flushed within most of <see cref="HostOptions.ShutdownTimeout"/>; what cannot be delivered by then is
/// counted; then the retained status turns offline and the client disconnects. When the source ends by itself (a
/// file, a camera that failed for good) the agent delivers what it has and stops the application.
/// </summary>
public sealed partial class EdgeAgentService(
    VideoStream stream,
    SequenceEncoder encoder,
    MqttSequencePublisher publisher,
    ControlHandler control,
    EdgeIdentity identity,
    IOptions<HostOptions> hostOptions,
    IHostApplicationLifetime lifetime,
    ILogger<EdgeAgentService> logger) : BackgroundService
{
    /// <summary>The share of the host's shutdown timeout spent delivering; the rest is for the offline status and DISCONNECT.</summary>
    private const double FlushShare = 0.8;

    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(1);

    private readonly CancellationTokenSource _deadline = new();
    private CancellationToken _hardStop;

    public EdgeAgentStats GetStats()
    {
        var info = stream.GetInfo();
        return new EdgeAgentStats(info.FramesCaptured, info.SequencesAssembled, publisher.Instruments.Published, publisher.Instruments.DropsByReason(),
            info.SequenceBuffer.Count, publisher.Pending, publisher.IsReady, control.Instruments.Applied, control.Instruments.Rejected);
    }

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _hardStop = cancellationToken;
        _deadline.CancelAfter(hostOptions.Value.ShutdownTimeout * FlushShare);
        await base.StopAsync(cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose()
    {
        _deadline.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        publisher.ControlReceived += payload => control.Handle(payload);
        publisher.Start();
        stream.StartStreaming();
        LogStarted(logger, identity.Site, identity.Camera, stream.GetInfo().Source, identity.SequencesTopic);

        if (await StreamAsync(stoppingToken).ConfigureAwait(false))
        {
            // The source finished by itself: deliver everything (however long the broker takes), then end the process.
            await DeliverRemainingAsync(stoppingToken).ConfigureAwait(false);
            LogSourceFinished(logger, stream.GetInfo().SourceStatus.ToString());
            lifetime.StopApplication();
            await WhenCancelledAsync(stoppingToken).ConfigureAwait(false);
        }

        await ShutDownAsync().ConfigureAwait(false);
    }

    /// <summary>Moves sequences from the stream to the publisher until stopped (false) or the source ends (true).</summary>
    private async Task<bool> StreamAsync(CancellationToken stoppingToken)
    {
        while (true)
        {
            AssembledSequence? sequence;
            try
            {
                sequence = await stream.GetSequenceAsync(PollInterval, stoppingToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                return false;
            }

            if (sequence is null)
            {
                if (!stream.IsRunning && stream.GetInfo().SequenceBuffer.Count == 0)
                {
                    return true;
                }

                continue;
            }

            // Not the stopping token: a sequence already taken is delivered or counted, never abandoned mid-way.
            try
            {
                await HandOverAsync(sequence, _deadline.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (_deadline.IsCancellationRequested)
            {
                return false;
            }
        }
    }

    private async Task ShutDownAsync()
    {
        stream.EndCapture();
        var flushed = await DeliverRemainingAsync(_deadline.Token).ConfigureAwait(false);
        var discarded = await stream.StopStreamingAsync().ConfigureAwait(false);
        publisher.Instruments.SequenceDropped(DropReason.Shutdown, discarded);
        await publisher.StopAsync(_hardStop).ConfigureAwait(false);
        var stats = GetStats();
        LogStopped(logger, flushed, stats.SequencesAssembled, stats.SequencesPublished, stats.TotalDropped);
    }

    /// <summary>Hands every sequence still in the stream to the publisher and waits for the queue to empty.</summary>
    private async Task<bool> DeliverRemainingAsync(CancellationToken deadline)
    {
        try
        {
            while (true)
            {
                if (await stream.GetSequenceAsync(PollInterval, deadline).ConfigureAwait(false) is { } sequence)
                {
                    await HandOverAsync(sequence, deadline).ConfigureAwait(false);
                }
                else if (!stream.IsRunning)
                {
                    break;
                }
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }

        return await publisher.FlushAsync(deadline).ConfigureAwait(false);
    }

    private static async Task WhenCancelledAsync(CancellationToken token)
    {
        try
        {
            await Task.Delay(Timeout.Infinite, token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (token.IsCancellationRequested)
        {
            // Stopping.
        }
    }

    /// <summary>Encodes and queues one sequence; a sequence that cannot be encoded or queued in time is counted.</summary>
    private async Task HandOverAsync(AssembledSequence sequence, CancellationToken deadline)
    {
        byte[] payload;
        try
        {
            payload = SequenceCodec.Encode(encoder.Encode(sequence, identity.Site, identity.Camera, stream.GetInfo().SourceFps));
        }
        catch (Exception ex) when (ex is OpenCvSharp.OpenCVException or ArgumentException or InvalidOperationException)
        {
            publisher.Instruments.SequenceDropped(DropReason.Invalid);
            LogEncodeFailed(logger, sequence.SequenceNumber, ex);
            return;
        }
        finally
        {
            sequence.Dispose();
        }

        try
        {
            await publisher.EnqueueAsync(sequence.SequenceNumber, payload, deadline).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            // The shutdown deadline passed while the queue was full.
            publisher.Instruments.SequenceDropped(DropReason.Shutdown);
            throw;
        }
    }
}

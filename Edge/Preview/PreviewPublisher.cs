using EdgeVision.Contracts.Telemetry;
using EdgeVision.Edge.Sources;
using Microsoft.Extensions.Logging;

namespace EdgeVision.Edge.Preview;

/// <summary>
/// Makes the camera's preview from frames the stream captured anyway (<see cref="Streaming.VideoStream.FrameCaptured"/>):
/// at most one per <see cref="PreviewOptions.IntervalSeconds"/> is encoded (<see cref="PreviewEncoder"/>), checked against
/// <see cref="PreviewOptions.MaxBytes"/> and handed to <c>publish</c> without waiting for it. A preview due while the broker is
/// away or the previous one is still on its way is skipped; every preview not published is counted with its reason.
/// </summary>
public sealed partial class PreviewPublisher
{
    private readonly PreviewOptions _options;
    private readonly Func<bool> _ready;
    private readonly Func<byte[], Task<bool>> _publish;
    private readonly PreviewInstruments _instruments;
    private readonly ILogger<PreviewPublisher> _logger;
    private readonly PreviewThrottle _throttle;
    private readonly LogRateLimiter _logLimiter;
    private int _inFlight;

    /// <param name="ready">Whether the broker connection can take a preview now.</param>
    /// <param name="publish">Publishes one preview (retained); false when the broker refused it.</param>
    public PreviewPublisher(PreviewOptions options, Func<bool> ready, Func<byte[], Task<bool>> publish, PreviewInstruments instruments, TimeProvider time,
        ILogger<PreviewPublisher> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(time);
        _options = options;
        _ready = ready ?? throw new ArgumentNullException(nameof(ready));
        _publish = publish ?? throw new ArgumentNullException(nameof(publish));
        _instruments = instruments ?? throw new ArgumentNullException(nameof(instruments));
        _logger = logger ?? throw new ArgumentNullException(nameof(logger));
        _throttle = new PreviewThrottle(TimeSpan.FromSeconds(options.IntervalSeconds), time);
        _logLimiter = new LogRateLimiter(time, TimeSpan.FromMinutes(1));
    }

    /// <summary>Previews handed to the broker that it took.</summary>
    public long Published => Interlocked.Read(ref _published);

    private long _published;

    /// <summary>Offers a captured frame, on the stream's loop; it is read during the call only. Quick unless a preview is due.</summary>
    public void Observe(Frame frame)
    {
        ArgumentNullException.ThrowIfNull(frame);
        if (!_options.Enabled || !_throttle.TryTake())
        {
            return;
        }

        if (!_ready())
        {
            _instruments.Dropped(PreviewInstruments.Offline);
            return;
        }

        if (Interlocked.CompareExchange(ref _inFlight, 1, 0) != 0)
        {
            _instruments.Dropped(PreviewInstruments.Busy);
            return;
        }

        byte[] jpeg;
        try
        {
            jpeg = PreviewEncoder.Encode(frame, _options.Width, _options.JpegQuality);
        }
        catch (OpenCvSharp.OpenCVException ex)
        {
            Volatile.Write(ref _inFlight, 0);
            _instruments.Dropped(PreviewInstruments.Failed);
            Log(PreviewInstruments.Failed, ex.Message);
            return;
        }

        if (jpeg.Length > _options.MaxBytes)
        {
            Volatile.Write(ref _inFlight, 0);
            _instruments.Dropped(PreviewInstruments.Oversized);
            Log(PreviewInstruments.Oversized, $"{jpeg.Length} bytes at {_options.Width} px wide, JPEG quality {_options.JpegQuality}; Edge:Preview:MaxBytes is {_options.MaxBytes}");
            return;
        }

        _ = PublishAsync(jpeg);
    }

    private async Task PublishAsync(byte[] jpeg)
    {
        try
        {
            if (await _publish(jpeg).ConfigureAwait(false))
            {
                Interlocked.Increment(ref _published);
                _instruments.Published(jpeg.Length);
            }
            else
            {
                _instruments.Dropped(PreviewInstruments.Failed);
                Log(PreviewInstruments.Failed, "the broker refused it");
            }
        }
        catch (Exception ex)
        {
            _instruments.Dropped(PreviewInstruments.Failed);
            Log(PreviewInstruments.Failed, ex.Message);
        }
        finally
        {
            Volatile.Write(ref _inFlight, 0);
        }
    }

    private void Log(string reason, string detail)
    {
        if (_logLimiter.ShouldLog(reason, out var suppressed))
        {
            LogNotPublished(_logger, reason, detail, suppressed);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Preview not published ({Reason}): {Detail} ({Suppressed} more for this reason since the last line)")]
    private static partial void LogNotPublished(ILogger logger, string reason, string detail, long suppressed);
}

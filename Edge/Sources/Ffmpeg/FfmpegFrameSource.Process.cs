using System.Buffers;
using System.Diagnostics;
using System.Threading.Channels;
using EdgeVision.Contracts.Wire;

namespace EdgeVision.Edge.Sources.Ffmpeg;

public sealed partial class FfmpegFrameSource
{
    // After a kill, how long to wait for the process to be reaped before giving up on it.
    private static readonly TimeSpan ExitGrace = TimeSpan.FromSeconds(5);

    private async Task<Attempt> RunOnceAsync(ChannelWriter<Frame> output, CancellationToken cancellationToken)
    {
        _stderr.Clear();
        var size = _options.Width is { } w && _options.Height is { } h ? (w, h) : await ProbeAsync(cancellationToken).ConfigureAwait(false);
        if (size is not var (width, height))
        {
            return new Attempt(false, $"ffprobe found no video size in {_input.Display}: {_stderr}", 0);
        }

        FrameSize = (width, height);
        var frameBytes = width * height * 3;
        using var process = Start(FfmpegArguments.Capture(_input, _options), _options.FfmpegPath, redirectStdout: true);
        Interlocked.Increment(ref _starts);
        LogStarted(_logger, process.Id, _input.Display, width, height);

        // The watchdog's first period also covers connecting.
        var period = _options.FrameTimeout + (_input.IsLive ? _options.OpenTimeout : TimeSpan.Zero);
        using var watchdog = new CancellationTokenSource(period, _time);
        using var killOnWatchdog = watchdog.Token.Register(Kill);
        using var killOnStop = cancellationToken.Register(Kill);
        var stdout = process.StandardOutput.BaseStream;
        long frames = 0;
        try
        {
            while (true)
            {
                var buffer = ArrayPool<byte>.Shared.Rent(frameBytes);
                int read;
                try
                {
                    read = await stdout.ReadAtLeastAsync(buffer.AsMemory(0, frameBytes), frameBytes, throwOnEndOfStream: false, watchdog.Token).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is OperationCanceledException or IOException)
                {
                    read = -1;
                }

                if (read != frameBytes)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    cancellationToken.ThrowIfCancellationRequested();
                    return await EndedAsync(process, frames, watchdog.IsCancellationRequested ? period : null).ConfigureAwait(false);
                }

                var frame = Frame.Adopt(buffer, _nextIndex++, _time.GetUtcNow(), null, width, height, PixelOrder.Bgr);
                period = _options.FrameTimeout;
                watchdog.CancelAfter(period);
                if (frames++ == 0)
                {
                    // Before the frame leaves: whoever reads it must find the source Streaming, not still connecting.
                    _status.Set(SourceState.Streaming);
                }

                await output.WriteAsync(frame, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            Kill();
            await ReapAsync(process).ConfigureAwait(false);
            lock (_gate)
            {
                _process = null;
            }
        }
    }

    /// <param name="watchdogPeriod">The watchdog period that ran out, or null when ffmpeg's output ended by itself.</param>
    private async Task<Attempt> EndedAsync(Process process, long frames, TimeSpan? watchdogPeriod)
    {
        if (watchdogPeriod is { } period)
        {
            return new Attempt(false, $"no frame from {_input.Display} within {period.TotalSeconds:0.###} s (watchdog killed ffmpeg after {frames} frames): {_stderr}", frames);
        }

        await ReapAsync(process).ConfigureAwait(false);
        var exitCode = process.HasExited ? process.ExitCode : -1;
        return !_input.IsLive && exitCode == 0
            ? new Attempt(true, null, frames)
            : new Attempt(false, $"ffmpeg exited with code {exitCode} after {frames} frames of {_input.Display}: {_stderr}", frames);
    }

    private async Task<(int, int)?> ProbeAsync(CancellationToken cancellationToken)
    {
        using var process = Start(FfmpegArguments.Probe(_input, _options), _options.FfprobePath, redirectStdout: true);
        using var timeout = new CancellationTokenSource(_options.OpenTimeout + TimeSpan.FromSeconds(5), _time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        using var kill = linked.Token.Register(Kill);
        try
        {
            var text = await process.StandardOutput.ReadToEndAsync(linked.Token).ConfigureAwait(false);
            await process.WaitForExitAsync(linked.Token).ConfigureAwait(false);
            if (FfmpegArguments.ParseProbe(text) is not var (width, height, fps))
            {
                return null;
            }

            SourceFps = fps;
            return (width, height);
        }
        catch (OperationCanceledException) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            _stderr.Add($"ffprobe timed out after {_options.OpenTimeout.TotalSeconds + 5:0.#} s");
            return null;
        }
        finally
        {
            Kill();
            await ReapAsync(process).ConfigureAwait(false);
            lock (_gate)
            {
                _process = null;
            }
        }
    }

    private Process Start(IReadOnlyList<string> arguments, string executable, bool redirectStdout)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = redirectStdout,
            RedirectStandardError = true,
            UseShellExecute = false,
            CreateNoWindow = true,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start };
        process.ErrorDataReceived += (_, e) => _stderr.Add(e.Data);
        lock (_gate)
        {
            // Started under the lock so a concurrent dispose either sees it (and kills it) or prevents it.
            try
            {
                _disposed.Token.ThrowIfCancellationRequested();
                process.Start();
            }
            catch
            {
                process.Dispose();
                throw;
            }

            _process = process;
        }

        process.BeginErrorReadLine();
        return process;
    }

    private static async Task ReapAsync(Process process)
    {
        try
        {
            using var grace = new CancellationTokenSource(ExitGrace);
            await process.WaitForExitAsync(grace.Token).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException)
        {
            // Not started, or stuck in the kernel past the grace period; nothing more to do from here.
        }
    }
}

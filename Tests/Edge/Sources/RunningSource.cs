using System.Diagnostics;
using System.Threading.Channels;
using EdgeVision.Edge.Sources;

namespace EdgeVision.Tests.Edge.Sources;

/// <summary>
/// Runs a source in the background for a test: the newest frames in a small drop-oldest buffer (older ones
/// disposed, so a long live stream holds little memory) or a lossless one, every state change recorded, and
/// waits on both.
/// </summary>
internal sealed class RunningSource : IAsyncDisposable
{
    private readonly IFrameSource _source;
    private readonly Channel<Frame> _frames;
    private readonly CancellationTokenSource _stop = new();
    private readonly Lock _gate = new();
    private readonly List<SourceStatus> _history = [];
    private readonly List<(Func<SourceStatus, bool> Matches, TaskCompletionSource<SourceStatus> Done)> _waiters = [];
    private readonly Task _run;

    /// <param name="lossless">Make the source wait for the reader instead of dropping the oldest frame (generators).</param>
    public RunningSource(IFrameSource source, int buffer = 8, bool lossless = false)
    {
        _source = source;
        var mode = lossless ? BoundedChannelFullMode.Wait : BoundedChannelFullMode.DropOldest;
        _frames = Channel.CreateBounded<Frame>(new BoundedChannelOptions(buffer) { FullMode = mode }, f => f.Dispose());
        source.StatusChanged += OnStatus;
        _run = Task.Run(() => source.RunAsync(_frames.Writer, _stop.Token));
    }

    /// <summary>Every state the source entered, in order.</summary>
    public IReadOnlyList<SourceStatus> History
    {
        get
        {
            lock (_gate)
            {
                return [.. _history];
            }
        }
    }

    /// <summary>The next frame (the caller disposes it); fails the test if none comes within <paramref name="timeout"/>.</summary>
    public async Task<Frame> NextFrameAsync(TimeSpan timeout) =>
        await _frames.Reader.ReadAsync(TestContext.Current.CancellationToken).AsTask().WaitAsync(timeout);

    /// <summary>Drops every buffered frame, so the next one read was captured from now on.</summary>
    public void Discard()
    {
        while (_frames.Reader.TryRead(out var frame))
        {
            frame.Dispose();
        }
    }

    /// <summary>Waits until the source is in a state matching <paramref name="matches"/> (now, or later).</summary>
    public Task<SourceStatus> WaitForAsync(Func<SourceStatus, bool> matches, TimeSpan timeout)
    {
        var done = new TaskCompletionSource<SourceStatus>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            var now = _source.Status;
            if (matches(now))
            {
                return Task.FromResult(now);
            }

            _waiters.Add((matches, done));
        }

        return done.Task.WaitAsync(timeout, TestContext.Current.CancellationToken);
    }

    public Task<SourceStatus> WaitForAsync(SourceState state, TimeSpan timeout) => WaitForAsync(s => s.State == state, timeout);

    /// <summary>Cancels the run and returns how long <see cref="IFrameSource.RunAsync"/> took to return.</summary>
    public async Task<TimeSpan> StopAsync(TimeSpan timeout)
    {
        var clock = Stopwatch.StartNew();
        await _stop.CancelAsync();
        await _run.WaitAsync(timeout, TestContext.Current.CancellationToken);
        return clock.Elapsed;
    }

    /// <summary>The run itself, which returns when the source ends or fails by itself.</summary>
    public Task Completion => _run;

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        await _run.WaitAsync(EdgeTestKit.Patience);
        _source.StatusChanged -= OnStatus;
        Discard();
        _stop.Dispose();
    }

    private void OnStatus(SourceStatus status)
    {
        List<TaskCompletionSource<SourceStatus>> done = [];
        lock (_gate)
        {
            _history.Add(status);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_waiters[i].Matches(status))
                {
                    done.Add(_waiters[i].Done);
                    _waiters.RemoveAt(i);
                }
            }
        }

        foreach (var waiter in done)
        {
            waiter.TrySetResult(status);
        }
    }
}

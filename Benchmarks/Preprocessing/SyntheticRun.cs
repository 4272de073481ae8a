using System.Diagnostics;
using System.Threading.Channels;
using EdgeVision.Edge.Sources;

namespace EdgeVision.Benchmarks.Preprocessing;

/// <summary>One timed pass of the synthetic camera, unpaced: how fast it renders frames into the capture channel.</summary>
internal static class SyntheticRun
{
    public static async Task<PassResult> RunAsync(SyntheticSourceSettings settings, int frames, CancellationToken cancellationToken)
    {
        await using var source = new SyntheticFrameSource(settings, Playback.Unpaced);
        var channel = Channel.CreateBounded<Frame>(new BoundedChannelOptions(4) { SingleReader = true, SingleWriter = true });
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var clock = Stopwatch.StartNew();
        var run = source.RunAsync(channel.Writer, stop.Token);
        for (var i = 0; i < frames; i++)
        {
            (await channel.Reader.ReadAsync(cancellationToken)).Dispose();
        }

        clock.Stop();
        await stop.CancelAsync();
        await run;
        while (channel.Reader.TryRead(out var left))
        {
            left.Dispose();
        }

        return new PassResult(clock.Elapsed, frames);
    }
}

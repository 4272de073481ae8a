using System.Diagnostics.Metrics;
using System.Threading.Channels;
using EdgeVision.Edge.Sources;
using Microsoft.Extensions.DependencyInjection;

namespace EdgeVision.Tests.Edge;

/// <summary>Small helpers shared by the Edge tests.</summary>
internal static class EdgeTestKit
{
    /// <summary>How long a test waits for something that should happen in milliseconds.</summary>
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);

    /// <summary>
    /// How long a test waits for a process it started to do its first thing: a fresh <c>dotnet</c> process (JIT,
    /// OpenCV's native library, the first decode, the MQTT connect) took over 20 s once on two busy cores. Only for
    /// waits that include a process start; a passing test waits no longer for it, since every wait is on a signal.
    /// </summary>
    public static readonly TimeSpan ProcessStartPatience = TimeSpan.FromSeconds(90);

    public static IMeterFactory NewMeterFactory() =>
        new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>();

    /// <summary>Runs <paramref name="source"/> to its end into an unbounded channel and returns every frame (caller disposes).</summary>
    public static async Task<List<Frame>> ReadAllAsync(IFrameSource source)
    {
        var channel = Channel.CreateUnbounded<Frame>();
        using var cts = new CancellationTokenSource(Patience);
        await source.RunAsync(channel.Writer, cts.Token);
        channel.Writer.Complete();
        var frames = new List<Frame>();
        await foreach (var frame in channel.Reader.ReadAllAsync())
        {
            frames.Add(frame);
        }

        return frames;
    }

    /// <summary>A generator frame whose every pixel is (a, b, c) in the generator's channel order.</summary>
    public static FrameGenerator Solid(byte a, byte b, byte c, long count) => (index, pixels) =>
    {
        for (var i = 0; i < pixels.Length; i += 3)
        {
            pixels[i] = a;
            pixels[i + 1] = b;
            pixels[i + 2] = c;
        }

        return index < count;
    };

    public static void DisposeAll(IEnumerable<IDisposable> items)
    {
        foreach (var item in items)
        {
            item.Dispose();
        }
    }
}

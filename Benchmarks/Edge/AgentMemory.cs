using System.Diagnostics;
using System.Globalization;
using MQTTnet;
using MQTTnet.Formatter;

namespace EdgeVision.Benchmarks.Edge;

/// <summary>
/// Runs the agent executable (Release build) on a 640x480 30 fps H.264 file looped, default settings (224x224,
/// 15 fps, 16-frame sequences, JPEG 85), against the broker, and samples its VmRSS once a second.
/// </summary>
internal static class AgentMemory
{
    public static async Task MeasureAsync(int port, int seconds, CancellationToken cancellationToken)
    {
        var directory = Directory.CreateTempSubdirectory("edgevision-bench-agent-");
        try
        {
            var video = Path.Combine(directory.FullName, "640x480.mp4");
            using (var ffmpeg = Process.Start(new ProcessStartInfo("ffmpeg", ["-hide_banner", "-loglevel", "error", "-nostdin", "-y", "-f", "lavfi", "-i",
                       "testsrc=size=640x480:rate=30", "-t", "10", "-c:v", "libx264", "-pix_fmt", "yuv420p", video]) { UseShellExecute = false })!)
            {
                await ffmpeg.WaitForExitAsync(cancellationToken);
            }

            var received = 0;
            using var subscriber = new MqttClientFactory().CreateMqttClient();
            subscriber.ApplicationMessageReceivedAsync += _ => { Interlocked.Increment(ref received); return Task.CompletedTask; };
            var options = new MqttClientOptionsBuilder().WithTcpServer("127.0.0.1", port).WithProtocolVersion(MqttProtocolVersion.V500).Build();
            ((MqttClientTcpOptions)options.ChannelOptions).BufferSize = 1024 * 1024;
            await subscriber.ConnectAsync(options, cancellationToken);
            await subscriber.SubscribeAsync("edgevision/bench/rss/sequences", cancellationToken: cancellationToken);

            var dll = Path.Combine(RepositoryRoot(), "EdgeAgent", "bin", "Release", "net10.0", "EdgeVision.EdgeAgent.dll");
            var start = new ProcessStartInfo("dotnet", [dll, "--source", video, "--loop", "true", "--site", "bench", "--camera", "rss",
                "--broker", $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default", "Warning"])
            { WorkingDirectory = Path.GetDirectoryName(dll)!, UseShellExecute = false };
            using var agent = Process.Start(start) ?? throw new InvalidOperationException("The agent did not start.");
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(5), cancellationToken);
                var before = Volatile.Read(ref received);
                var samples = new List<long>();
                for (var i = 0; i < seconds && !agent.HasExited; i++)
                {
                    samples.Add(VmRssKb(agent.Id));
                    await Task.Delay(TimeSpan.FromSeconds(1), cancellationToken);
                }

                var rate = (Volatile.Read(ref received) - before) / (double)seconds;
                samples.Sort();
                Console.WriteLine($"agent RSS while streaming ({seconds} s after 5 s warm-up, {rate:F2} sequences/s received): " +
                    $"median {samples[samples.Count / 2] / 1024.0:F0} MiB, max {samples[^1] / 1024.0:F0} MiB");
            }
            finally
            {
                agent.Kill();
                await agent.WaitForExitAsync(CancellationToken.None);
            }
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    private static long VmRssKb(int pid)
    {
        var line = File.ReadLines($"/proc/{pid.ToString(CultureInfo.InvariantCulture)}/status").First(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
        return long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
    }

    private static string RepositoryRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "EdgeVision.sln")))
            {
                return dir.FullName;
            }
        }

        throw new DirectoryNotFoundException("No EdgeVision.sln above the benchmark.");
    }
}

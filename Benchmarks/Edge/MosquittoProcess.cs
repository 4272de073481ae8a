using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EdgeVision.Benchmarks.Edge;

/// <summary>Debian's mosquitto on a free loopback port, anonymous, no persistence: the broker both publishers send to.</summary>
internal sealed class MosquittoProcess : IAsyncDisposable
{
    private readonly Process? _process;
    private readonly string? _config;

    private MosquittoProcess(Process? process, string? config, int port)
    {
        _process = process;
        _config = config;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The broker's process id; null when an already running broker is used.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>Starts mosquitto, or uses one already listening on <paramref name="existingPort"/> (not 0).</summary>
    public static async Task<MosquittoProcess> StartAsync(int existingPort, CancellationToken cancellationToken)
    {
        if (existingPort != 0)
        {
            return new MosquittoProcess(null, null, existingPort);
        }

        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var config = Path.Combine(Path.GetTempPath(), $"edgevision-bench-mosquitto-{Guid.NewGuid():N}.conf");
        await File.WriteAllTextAsync(config, $"listener {port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1\nallow_anonymous true\nlog_type error\n", cancellationToken);
        var process = Process.Start(new ProcessStartInfo("/usr/sbin/mosquitto", ["-c", config]) { UseShellExecute = false })
            ?? throw new InvalidOperationException("mosquitto did not start.");
        for (var attempt = 0; attempt < 250; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return new MosquittoProcess(process, config, port);
            }
            catch (SocketException)
            {
                await Task.Delay(20, cancellationToken);
            }
        }

        process.Kill();
        throw new InvalidOperationException($"mosquitto did not listen on port {port}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (_process is null || _config is null)
        {
            return;
        }

        _process.Kill();
        await _process.WaitForExitAsync();
        _process.Dispose();
        File.Delete(_config);
    }
}

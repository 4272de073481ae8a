using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>Debian's <c>redis-server</c> as a child process on a free loopback port, no persistence; killed by id on dispose.</summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private readonly Process _process;

    private RedisProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>Starts redis-server, or returns null when it is not installed.</summary>
    public static async Task<RedisProcess?> StartAsync(CancellationToken cancellationToken)
    {
        const string executable = "/usr/bin/redis-server";
        if (!File.Exists(executable))
        {
            return null;
        }

        int port;
        using (var listener = new TcpListener(IPAddress.Loopback, 0))
        {
            listener.Start();
            port = ((IPEndPoint)listener.LocalEndpoint).Port;
        }

        var start = new ProcessStartInfo(executable, ["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty, "--appendonly", "no"])
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("redis-server did not start.");
        process.BeginOutputReadLine();
        for (var attempt = 0; attempt < 250; attempt++)
        {
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, port, cancellationToken);
                return new RedisProcess(process, port);
            }
            catch (SocketException)
            {
                await Task.Delay(20, cancellationToken);
            }
        }

        process.Kill();
        process.Dispose();
        throw new InvalidOperationException($"redis-server did not listen on port {port}.");
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}

using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EdgeVision.Tests.Edge.Publishing;

/// <summary>
/// Debian's mosquitto on a free loopback port, anonymous, with persistence so subscriber sessions survive a
/// restart. <see cref="StopAsync"/> and <see cref="StartAsync"/> take the broker away and bring it back on the same port.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";

    private readonly string _directory;
    private Process? _process;

    private MosquittoBroker(int port, string directory)
    {
        Port = port;
        _directory = directory;
    }

    public int Port { get; }

    /// <param name="listenerOptions">Extra lines for the listener, e.g. <c>certfile ...</c> for TLS.</param>
    public static async Task<MosquittoBroker> StartNewAsync(int? port = null, IEnumerable<string>? listenerOptions = null)
    {
        var directory = Path.Combine(Path.GetTempPath(), "edgevision-mosquitto-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var broker = new MosquittoBroker(port ?? FreePort(), directory);
        await File.WriteAllTextAsync(Path.Combine(directory, "mosquitto.conf"), string.Join('\n',
            $"listener {broker.Port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            string.Join('\n', listenerOptions ?? []),
            "allow_anonymous true",
            // Started as root (as in CI containers) mosquitto would drop to its own user, which cannot read the
            // test's key files or write its persistence file in a folder the test made; a non-root run ignores this.
            "user root",
            "persistence true",
            $"persistence_location {directory}/",
            "autosave_interval 1",
            "max_queued_messages 10000",
            "log_dest stderr",
            "log_type error",
            ""));
        await broker.StartAsync();
        return broker;
    }

    /// <summary>A loopback port nothing listens on right now.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Starts mosquitto and returns once it accepts TCP connections.</summary>
    public async Task StartAsync()
    {
        if (_process is not null)
        {
            throw new InvalidOperationException("mosquitto is already running.");
        }

        var start = new ProcessStartInfo(Executable, ["-c", Path.Combine(_directory, "mosquitto.conf")])
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        _process = Process.Start(start) ?? throw new InvalidOperationException("mosquitto did not start.");
        var errors = new System.Collections.Concurrent.ConcurrentQueue<string>();
        _process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) errors.Enqueue(line); };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var deadline = DateTimeOffset.UtcNow + EdgeTestKit.ProcessStartPatience;
        for (var attempt = 0; ; attempt++)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with {_process.ExitCode}: {string.Join(" | ", errors)}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port);
                return;
            }
            catch (SocketException) when (DateTimeOffset.UtcNow < deadline)
            {
                // Not listening yet: mosquitto opens its socket a few milliseconds after starting.
                await Task.Delay(TimeSpan.FromMilliseconds(20));
            }
        }
    }

    /// <summary>Stops mosquitto with SIGTERM (it saves its persistence file and closes every connection) and waits for it to exit.</summary>
    public async Task StopAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        _process = null;
        if (!process.HasExited)
        {
            using var kill = Process.Start("kill", ["-TERM", process.Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync();
            using var timeout = new CancellationTokenSource(EdgeTestKit.Patience);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill();
            }
        }

        process.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; harmless.
        }
    }
}

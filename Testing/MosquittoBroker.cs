using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace EdgeVision.Testing;

/// <summary>
/// Debian's mosquitto on a loopback port, anonymous unless given <see cref="MosquittoAccounts"/>. With durable sessions (the default) it keeps a persistence file, so
/// subscriber sessions survive a restart, and queues up to 10000 messages per session; without, it runs on mosquitto's
/// defaults, as a plain broker would. <see cref="StopAsync"/> and <see cref="StartAsync"/> take the broker away and bring
/// it back on the same port; <see cref="DisposeAsync"/> stops it and deletes its folder.
/// </summary>
public sealed class MosquittoBroker : IAsyncDisposable
{
    public const string Executable = "/usr/sbin/mosquitto";

    /// <summary>Debian's tool that writes mosquitto's password file.</summary>
    public const string PasswordTool = "/usr/bin/mosquitto_passwd";

    private readonly string _directory;
    private Process? _process;

    private MosquittoBroker(int port, string directory)
    {
        Port = port;
        _directory = directory;
    }

    public int Port { get; }

    /// <summary>The running broker's process id; null while it is stopped.</summary>
    public int? ProcessId => _process?.Id;

    /// <summary>Writes the configuration and starts mosquitto (<see cref="StartAsync"/>).</summary>
    /// <param name="port">The port to listen on; a free one when null.</param>
    /// <param name="listenerOptions">Extra lines for the listener, e.g. <c>certfile ...</c> for TLS.</param>
    /// <param name="durableSessions">Persistence and a 10000-message queue per session (see the class summary).</param>
    /// <param name="accounts">Users, passwords and an ACL file; null lets anyone in.</param>
    public static async Task<MosquittoBroker> StartNewAsync(
        int? port = null, IEnumerable<string>? listenerOptions = null, bool durableSessions = true, MosquittoAccounts? accounts = null,
        CancellationToken cancellationToken = default)
    {
        var directory = Path.Combine(Path.GetTempPath(), "edgevision-mosquitto-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var broker = new MosquittoBroker(port ?? LoopbackPort.Free(), directory);
        string[] durable = durableSessions
            ? ["persistence true", $"persistence_location {directory}/", "autosave_interval 1", "max_queued_messages 10000"]
            : [];
        string[] security = accounts is null
            ? ["allow_anonymous true"]
            : ["allow_anonymous false", $"password_file {await WritePasswordFileAsync(directory, accounts, cancellationToken)}", .. accounts.AclFile is { } acl ? [$"acl_file {acl}"] : Array.Empty<string>()];
        await File.WriteAllLinesAsync(Path.Combine(directory, "mosquitto.conf"),
        [
            $"listener {broker.Port.ToString(CultureInfo.InvariantCulture)} 127.0.0.1",
            .. listenerOptions ?? [],
            .. security,
            // Started as root (as in CI containers) mosquitto would drop to its own user, which cannot read the
            // test's key files or write its persistence file in a folder the test made; a non-root run ignores this.
            "user root",
            .. durable,
            "log_dest stderr",
            "log_type error",
        ], cancellationToken);
        try
        {
            await broker.StartAsync(cancellationToken);
        }
        catch
        {
            await broker.DisposeAsync();
            throw;
        }

        return broker;
    }

    /// <summary>Starts mosquitto and returns once it accepts TCP connections.</summary>
    public async Task StartAsync(CancellationToken cancellationToken = default)
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
        var errors = new ConcurrentQueue<string>();
        _process.ErrorDataReceived += (_, e) => { if (e.Data is { } line) errors.Enqueue(line); };
        _process.BeginErrorReadLine();
        _process.BeginOutputReadLine();
        var deadline = DateTimeOffset.UtcNow + ServerProcess.StartTimeout;
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"mosquitto exited with {_process.ExitCode}: {string.Join(" | ", errors)}");
            }

            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync(IPAddress.Loopback, Port, cancellationToken);
                return;
            }
            catch (SocketException) when (DateTimeOffset.UtcNow < deadline)
            {
                // Not listening yet: mosquitto opens its socket a few milliseconds after starting.
                await Task.Delay(TimeSpan.FromMilliseconds(20), cancellationToken);
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
            using var timeout = new CancellationTokenSource(ServerProcess.StopTimeout);
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
        ServerProcess.DeleteDirectory(_directory);
    }

    /// <summary>mosquitto's password file (salted hashes) for <paramref name="accounts"/>, made with <c>mosquitto_passwd -b</c>.</summary>
    private static async Task<string> WritePasswordFileAsync(string directory, MosquittoAccounts accounts, CancellationToken cancellationToken)
    {
        var path = Path.Combine(directory, "passwords");
        await File.WriteAllTextAsync(path, string.Empty, cancellationToken);
        foreach (var (user, password) in accounts.Passwords)
        {
            using var process = Process.Start(new ProcessStartInfo(PasswordTool, ["-b", path, user, password]) { RedirectStandardError = true, UseShellExecute = false })
                ?? throw new InvalidOperationException($"{PasswordTool} did not start.");
            var error = await process.StandardError.ReadToEndAsync(cancellationToken);
            await process.WaitForExitAsync(cancellationToken);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"{PasswordTool} exited with {process.ExitCode} for '{user}': {error.Trim()}");
            }
        }

        return path;
    }
}

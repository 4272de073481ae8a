using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;

namespace EdgeVision.Testing;

/// <summary>
/// Debian's <c>redis-server</c> as a child process on a free loopback port: no snapshots, no append-only file, its
/// working folder a fresh temporary one; with a password, clients must log in (<c>requirepass</c>). <see cref="DisposeAsync"/> kills it by process id and deletes the folder.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _directory;
    private readonly ConcurrentQueue<string> _output = new();

    private RedisServer(Process process, string directory, int port, string? password)
    {
        _process = process;
        _directory = directory;
        Port = port;
        Password = password;
    }

    public int Port { get; }

    /// <summary>What clients must log in with; null when the server lets anyone in.</summary>
    public string? Password { get; }

    /// <summary>The server's <c>host:port</c>: a StackExchange.Redis configuration string without the password.</summary>
    public string Address => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    /// <summary>A StackExchange.Redis configuration string for this server, with its password if it has one.</summary>
    public string ConnectionString => Password is null ? Address : $"{Address},password={Password}";

    /// <summary>Whether <c>redis-server</c> is on the PATH (or in /usr/bin, /usr/sbin).</summary>
    public static bool IsInstalled => FindExecutable() is not null;

    /// <summary>Starts redis-server and returns once it logged that it accepts connections.</summary>
    /// <param name="password">Its <c>requirepass</c>: clients must log in with it; null lets anyone in.</param>
    public static async Task<RedisServer> StartAsync(CancellationToken cancellationToken, string? password = null)
    {
        var executable = FindExecutable()
            ?? throw new FileNotFoundException("redis-server is not installed: run scripts/install-prerequisites.sh (Debian package redis-server).");
        var directory = Path.Combine(Path.GetTempPath(), "edgevision-redis-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var port = LoopbackPort.Free();
        var start = new ProcessStartInfo(executable)
        {
            WorkingDirectory = directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in new[]
        {
            "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", string.Empty,
            "--appendonly", "no", "--dir", directory, "--daemonize", "no", "--loglevel", "notice",
        })
        {
            start.ArgumentList.Add(argument);
        }

        if (password is not null)
        {
            start.ArgumentList.Add("--requirepass");
            start.ArgumentList.Add(password);
        }

        var ready = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new RedisServer(process, directory, port, password);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data, ready);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data, ready);
        process.Exited += (_, _) => ready.TrySetException(new InvalidOperationException(
            $"redis-server exited before it was ready: {string.Join(" | ", server._output)}"));
        if (!process.Start())
        {
            throw new InvalidOperationException($"{executable} did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            await ready.Task.WaitAsync(ServerProcess.StartTimeout, cancellationToken);
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }

        return server;
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill();
                using var timeout = new CancellationTokenSource(ServerProcess.StopTimeout);
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Never started or already reaped.
        }
        finally
        {
            _process.Dispose();
            ServerProcess.DeleteDirectory(_directory);
        }
    }

    private void OnLine(string? line, TaskCompletionSource ready)
    {
        if (line is null)
        {
            return;
        }

        _output.Enqueue(line);
        if (line.Contains("Ready to accept connections", StringComparison.Ordinal))
        {
            ready.TrySetResult();
        }
    }

    private static string? FindExecutable()
    {
        foreach (var directory in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':').Append("/usr/bin").Append("/usr/sbin"))
        {
            var candidate = Path.Combine(directory, "redis-server");
            if (directory.Length > 0 && File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }
}

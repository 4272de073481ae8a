using System.Diagnostics;
using System.Globalization;

namespace EdgeVision.Tests.Fixtures;

/// <summary>
/// A real RTSP camera on 127.0.0.1: Debian's gst-rtsp-server (through python3-gi) serving a live H.264 test
/// pattern (Tests/Edge/Sources/Rtsp/rtsp_server.py). Started per test, since tests kill, freeze and restart it;
/// stopped by its PID. Records the transport of every stream a client sets up.
/// </summary>
public sealed class RtspServer : IAsyncDisposable
{
    // Debian's interpreter: python3-gi is installed for it, not for a python3 that PATH may put first (pyenv).
    private const string Python = "/usr/bin/python3";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);

    private readonly Process _process;
    private readonly Lock _gate = new();
    private readonly List<string> _setups = [];
    private readonly List<string> _output = [];
    private readonly TaskCompletionSource<int> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private RtspServer(Process process, int width, int height, int fps)
    {
        _process = process;
        Width = width;
        Height = height;
        Fps = fps;
    }

    public static string ScriptPath => Path.Combine(AppContext.BaseDirectory, "Edge", "Sources", "Rtsp", "rtsp_server.py");

    public int Port { get; private set; }

    public int Width { get; }

    public int Height { get; }

    public int Fps { get; }

    public int Pid => _process.Id;

    public string Url => $"rtsp://127.0.0.1:{Port}/live";

    /// <summary>The RTSP Transport header of each SETUP so far (e.g. <c>RTP/AVP/TCP;unicast;interleaved=0-1</c>).</summary>
    public IReadOnlyList<string> Setups
    {
        get
        {
            lock (_gate)
            {
                return [.. _setups];
            }
        }
    }

    /// <summary>Starts a server on <paramref name="port"/> (0: a free port) and waits until it listens.</summary>
    public static async Task<RtspServer> StartAsync(int port = 0, int width = 160, int height = 120, int fps = 15)
    {
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing; scripts/install-prerequisites.sh installs python3-gi and gst-rtsp-server.");
        }

        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-u", ScriptPath, "--port", Text(port), "--width", Text(width), "--height", Text(height), "--fps", Text(fps) })
        {
            start.ArgumentList.Add(argument);
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var server = new RtspServer(process, width, height, fps);
        process.OutputDataReceived += (_, e) => server.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => server.OnLine(e.Data);
        process.Exited += (_, _) => server._ready.TrySetException(new InvalidOperationException(
            $"rtsp_server.py exited with {process.ExitCode} before listening: {server.Output}"));

        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            server.Port = await server._ready.Task.WaitAsync(StartTimeout);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGSTOP: the server keeps its sockets open but answers nothing, like a hung camera.</summary>
    public Task FreezeAsync() => SignalAsync("STOP");

    /// <summary>SIGCONT after <see cref="FreezeAsync"/>.</summary>
    public Task ThawAsync() => SignalAsync("CONT");

    /// <summary>Kills the server (SIGKILL, even when frozen) and waits until it is gone.</summary>
    public async Task KillAsync()
    {
        Kill(_process);
        await _process.WaitForExitAsync().WaitAsync(StartTimeout);
    }

    /// <summary>Kills this server and starts a new one on the same port with the same stream.</summary>
    public async Task<RtspServer> RestartAsync()
    {
        await DisposeAsync();
        return await StartAsync(Port, Width, Height, Fps);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    public override string ToString() => $"rtsp_server.py pid {Pid} at {Url}";

    /// <summary>Everything the server printed, for failure messages.</summary>
    private string Output
    {
        get
        {
            lock (_gate)
            {
                return string.Join(" | ", _output);
            }
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            _output.Add(line);
            if (line.StartsWith("SETUP ", StringComparison.Ordinal))
            {
                _setups.Add(line["SETUP ".Length..]);
            }
        }

        if (line.StartsWith("READY ", StringComparison.Ordinal) && int.TryParse(line["READY ".Length..], CultureInfo.InvariantCulture, out var port))
        {
            _ready.TrySetResult(port);
        }
    }

    private async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", [$"-{signal}", Text(Pid)]);
        await kill.WaitForExitAsync().WaitAsync(StartTimeout);
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -{signal} {Pid} exited with {kill.ExitCode}");
        }
    }

    private static void Kill(Process process)
    {
        try
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Already gone.
        }
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EdgeVision.Testing;

/// <summary>
/// The built agent executable (EdgeVision.EdgeAgent.dll, the same configuration as this test assembly) run as a process from
/// its own folder, so its appsettings.json applies, in an environment without the memory variables the test runner may
/// have (<see cref="StartVariables"/>) unless the caller sets them. It keeps the last lines the agent wrote, and a wait on
/// it ends as soon as the agent exits instead of running out its patience.
/// </summary>
public sealed partial class AgentProcess : IDisposable
{
    private const int KeptLines = 60;

    /// <summary>The variables the agent's start-up reads (the memory settings, their aliases and switches), removed from what it inherits.</summary>
    public static readonly IReadOnlyList<string> StartVariables =
        ["DOTNET_GCgen0size", "COMPlus_GCgen0size", "MALLOC_ARENA_MAX", "GLIBC_TUNABLES", "EDGEVISION_EDGE_MEMORY", "EDGEVISION_RESTARTED"];

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly Task _exited;
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly ConcurrentDictionary<string, TaskCompletionSource> _awaitedLines = new(StringComparer.Ordinal);

    private AgentProcess(Process process)
    {
        _process = process;
        _process.OutputDataReceived += (_, e) => Keep(e.Data);
        _process.ErrorDataReceived += (_, e) => Keep(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();
        // No token: it completes when the agent exits, at the latest when Dispose kills it.
        _exited = _process.WaitForExitAsync();
    }

    public bool HasExited => _process.HasExited;

    /// <summary>The agent's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Completes when the agent has exited.</summary>
    public Task Exited => _exited;

    /// <summary>The agent's HTTP address (<c>/metrics</c>, <c>/health</c>), once Kestrel logged it.</summary>
    public Task<Uri> Listening => _listening.Task;

    /// <summary>Starts the agent with <paramref name="args"/> (plus an HTTP listener on a free loopback port).</summary>
    public static AgentProcess Start(params string[] args) => Start(new Dictionary<string, string>(), args);

    /// <summary>Starts the agent with <paramref name="environment"/> variables set and <paramref name="args"/> (plus an HTTP listener on a free loopback port).</summary>
    public static AgentProcess Start(IReadOnlyDictionary<string, string> environment, params string[] args)
    {
        var dll = BuiltProjects.Dll("EdgeAgent", "EdgeVision.EdgeAgent.dll");
        var start = new ProcessStartInfo("dotnet") { WorkingDirectory = Path.GetDirectoryName(dll)!, UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(dll);
        foreach (var arg in args.Concat(["--urls", "http://127.0.0.1:0"]))
        {
            start.ArgumentList.Add(arg);
        }

        foreach (var inherited in StartVariables)
        {
            start.Environment.Remove(inherited);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        return new AgentProcess(Process.Start(start) ?? throw new InvalidOperationException("The agent did not start."));
    }

    /// <summary>
    /// Awaits <paramref name="signal"/> (which carries its own timeout); fails at once, with the agent's last lines, if the
    /// agent exits first, and adds those lines when <paramref name="signal"/> times out.
    /// </summary>
    public async Task WaitWhileRunningAsync(Task signal, string what)
    {
        if (await Task.WhenAny(signal, _exited) != signal && !signal.IsCompleted)
        {
            throw new InvalidOperationException($"The agent exited (code {_process.ExitCode}) before {what}:\n{LogTail()}");
        }

        try
        {
            await signal;
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"No {what} in time:\n{LogTail()}", e);
        }
    }

    /// <summary>Waits (at most <paramref name="patience"/>) for the agent to exit by itself; its exit code and last lines.</summary>
    public async Task<(int ExitCode, string Log)> ExitAsync(TimeSpan patience)
    {
        await _exited.WaitAsync(patience);
        _process.WaitForExit(); // Drains the redirected output after the exit.
        return (_process.ExitCode, string.Join('\n', _log));
    }

    /// <summary>The agent's environment as the kernel holds it (<c>/proc/PID/environ</c>): what its runtime and C library read at start.</summary>
    public IReadOnlyDictionary<string, string> ProcessEnvironment() =>
        File.ReadAllText($"/proc/{_process.Id}/environ").Split('\0', StringSplitOptions.RemoveEmptyEntries)
            .Select(entry => entry.Split('=', 2))
            .Where(pair => pair.Length == 2)
            .GroupBy(pair => pair[0], StringComparer.Ordinal)
            .ToDictionary(group => group.Key, group => group.Last()[1], StringComparer.Ordinal);

    /// <summary>Kills the agent (SIGKILL: no shutdown, no MQTT DISCONNECT).</summary>
    public void Kill() => _process.Kill(entireProcessTree: true);

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    /// <summary>Completes when the agent writes a line containing <paramref name="text"/>, or at once when one of its last lines does.</summary>
    public Task LoggedAsync(string text)
    {
        var logged = _awaitedLines.GetOrAdd(text, _ => new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously));
        if (_log.Any(line => line.Contains(text, StringComparison.Ordinal)))
        {
            logged.TrySetResult();
        }

        return logged.Task;
    }

    /// <summary>The last lines the agent wrote, each prefixed <c>[agent]</c>.</summary>
    public string LogTail() => string.Join('\n', _log.Select(line => $"[agent] {line}"));

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }

        if (ListeningLine().Match(line) is { Success: true } listening)
        {
            _listening.TrySetResult(new Uri(listening.Groups["url"].Value));
        }

        _log.Enqueue(line);
        foreach (var (text, logged) in _awaitedLines)
        {
            if (line.Contains(text, StringComparison.Ordinal))
            {
                logged.TrySetResult();
            }
        }

        while (_log.Count > KeptLines)
        {
            _log.TryDequeue(out _);
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningLine();
}

using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.RegularExpressions;

namespace EdgeVision.Testing;

/// <summary>
/// The built silo executable (<c>dotnet Silo/bin/.../EdgeVision.Silo.dll</c>) as a child process, configured by
/// environment variables. Ready when it logged its HTTP address (Kestrel) and its ingestion subscription (which the
/// silo makes only after the host, Orleans included, started). <see cref="DisposeAsync"/> kills it by process id.
/// </summary>
public sealed partial class MultiProcessSilo : IAsyncDisposable
{
    private const int LogLinesKept = 400;

    private readonly Process _process;
    private readonly ConcurrentQueue<string> _log = new();
    private readonly TaskCompletionSource<Uri> _listening = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _subscribed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private readonly Action<string>? _echo;

    private MultiProcessSilo(string name, Process process, Action<string>? echo)
    {
        Name = name;
        _process = process;
        _echo = echo;
    }

    public string Name { get; }

    /// <summary>The silo's process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>Completes when the process has exited (killed, or stopped by itself).</summary>
    public Task Exited => _exited.Task;

    /// <summary>The silo's HTTP address (<c>/metrics</c>, <c>/health</c>); known once <see cref="WaitUntilReadyAsync"/> returned.</summary>
    public Uri HttpAddress => _listening.Task.IsCompletedSuccessfully ? _listening.Task.Result : throw new InvalidOperationException($"{Name} is not listening yet.");

    /// <summary>The topic filter the silo's ingestion subscribed to, as it logged it.</summary>
    public string TopicFilter => _subscribed.Task.IsCompletedSuccessfully ? _subscribed.Task.Result : throw new InvalidOperationException($"{Name} has not subscribed yet.");

    /// <summary>Starts the silo with <paramref name="settings"/> as configuration keys (<c>Silo:Mqtt:Port</c>, ...).</summary>
    /// <param name="echo">Given the silo's last lines when it is disposed (a test's output), if set.</param>
    public static MultiProcessSilo Start(string name, IReadOnlyDictionary<string, string> settings, Action<string>? echo = null)
    {
        var dll = BuiltProjects.Dll("Silo", "EdgeVision.Silo.dll");
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(dll)!,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(dll);
        // Nothing of the test runner's own telemetry or environment name leaks into the silo.
        foreach (var inherited in new[] { "OTEL_EXPORTER_OTLP_ENDPOINT", "ASPNETCORE_ENVIRONMENT", "DOTNET_ENVIRONMENT", "ASPNETCORE_URLS" })
        {
            start.Environment.Remove(inherited);
        }

        start.Environment["ASPNETCORE_URLS"] = "http://127.0.0.1:0";
        start.Environment["Logging__Console__FormatterName"] = "simple";
        start.Environment["Logging__Console__FormatterOptions__SingleLine"] = "true";
        start.Environment["Logging__Console__FormatterOptions__ColorBehavior"] = "Disabled";
        foreach (var (key, value) in settings)
        {
            start.Environment[key.Replace(":", "__", StringComparison.Ordinal)] = value;
        }

        var process = new Process { StartInfo = start, EnableRaisingEvents = true };
        var silo = new MultiProcessSilo(name, process, echo);
        process.OutputDataReceived += (_, e) => silo.OnLine(e.Data);
        process.ErrorDataReceived += (_, e) => silo.OnLine(e.Data);
        process.Exited += (_, _) => silo._exited.TrySetResult();
        if (!process.Start())
        {
            throw new InvalidOperationException($"{name}: dotnet did not start.");
        }

        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return silo;
    }

    /// <summary>Completes when the silo listens for HTTP and its ingestion subscribed; fails if it exits first or takes longer than <paramref name="timeout"/>.</summary>
    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var ready = Task.WhenAll(_listening.Task, _subscribed.Task);
        Task finished;
        try
        {
            finished = await Task.WhenAny(ready, _exited.Task).WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:F0} s:\n{LogTail(60)}");
        }

        if (finished != ready)
        {
            throw new InvalidOperationException($"{Name} exited before it was ready (exit code {_process.ExitCode}):\n{LogTail(60)}");
        }
    }

    /// <summary>Waits for the silo to exit by itself (a silo that stops at start); its exit code and everything it wrote.</summary>
    public async Task<(int ExitCode, string Log)> ExitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout, cancellationToken);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"{Name} did not exit within {timeout.TotalSeconds:F0} s:\n{LogTail(60)}");
        }

        // Exited fires before the last lines of the redirected streams are read; this waits for them.
        await _process.WaitForExitAsync(cancellationToken);
        return (_process.ExitCode, string.Join('\n', _log));
    }

    /// <summary>Whether one of the lines the silo wrote lately (the last 400) contains <paramref name="text"/>.</summary>
    public bool HasLogged(string text) => _log.Any(line => line.Contains(text, StringComparison.Ordinal));

    /// <summary>The last <paramref name="lines"/> lines the silo wrote, for failure messages.</summary>
    public string LogTail(int lines) => string.Join('\n', _log.TakeLast(lines).Select(line => $"[{Name}] {line}"));

    /// <summary>Kills the silo process (SIGKILL: no shutdown, no MQTT disconnect, no Orleans leave) and waits until it is gone.</summary>
    public async Task KillAsync(CancellationToken cancellationToken)
    {
        _process.Kill(entireProcessTree: true);
        await _process.WaitForExitAsync(cancellationToken);
    }

    /// <summary>
    /// Stops the silo process (SIGSTOP): it keeps its sockets open but reads, answers and acknowledges nothing, as a
    /// silo that hangs; the broker goes on delivering to its session.
    /// </summary>
    public Task PauseAsync(CancellationToken cancellationToken) => ProcessSignal.SendAsync(_process.Id, "STOP", cancellationToken);

    /// <summary>Lets a paused silo go on (SIGCONT).</summary>
    public Task ResumeAsync(CancellationToken cancellationToken) => ProcessSignal.SendAsync(_process.Id, "CONT", cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
                await _process.WaitForExitAsync(timeout.Token);
            }
        }
        catch (InvalidOperationException)
        {
            // Already reaped.
        }
        finally
        {
            _echo?.Invoke(LogTail(40));
            _process.Dispose();
        }
    }

    private void OnLine(string? line)
    {
        if (line is null)
        {
            return;
        }

        _log.Enqueue(line);
        while (_log.Count > LogLinesKept && _log.TryDequeue(out _))
        {
        }

        if (ListeningLine().Match(line) is { Success: true } listening)
        {
            _listening.TrySetResult(new Uri(listening.Groups["url"].Value));
        }
        else if (SubscribedLine().Match(line) is { Success: true } subscribed)
        {
            _subscribed.TrySetResult(subscribed.Groups["filter"].Value);
        }
    }

    [GeneratedRegex(@"Now listening on: (?<url>http://\S+)")]
    private static partial Regex ListeningLine();

    [GeneratedRegex(@"Ingestion subscribed to (?<filter>\S+)")]
    private static partial Regex SubscribedLine();
}

namespace EdgeVision.Tests.Edge.Sources.Ffmpeg;

/// <summary>
/// A shell script standing in for ffmpeg: on each start it records its pid, writes some zero frames to stdout,
/// optionally a line to stderr, and then either stalls (sleeps, as a frozen camera) or exits with a code.
/// </summary>
internal sealed class FakeFfmpeg : IDisposable
{
    private readonly string _directory = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "edgevision-fake-ffmpeg-" + Guid.NewGuid().ToString("N"));

    /// <param name="bytes">Bytes written per start (a multiple of a frame, or less than one).</param>
    /// <param name="exitCode">Exit code after writing; null stalls instead.</param>
    /// <param name="writerIsProcess">Exec the writer, so the recorded pid is the process writing frames (to freeze it).</param>
    public FakeFfmpeg(int bytes, int? exitCode, string stderr = "", bool writerIsProcess = false)
    {
        Directory.CreateDirectory(_directory);
        Path = System.IO.Path.Combine(_directory, "ffmpeg");
        var end = exitCode is { } code ? $"exit {code}" : "exec sleep 60";
        var body = writerIsProcess
            ? $"exec head -c {bytes} /dev/zero"
            : $"""
                head -c {bytes} /dev/zero
                echo '{stderr}' >&2
                {end}
                """;
        File.WriteAllText(Path, $"""
            #!/bin/sh
            echo $$ >> '{StartsFile}'
            {body}

            """);
        if (OperatingSystem.IsWindows())
        {
            throw new PlatformNotSupportedException("The fake ffmpeg is a POSIX shell script.");
        }

        File.SetUnixFileMode(Path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
    }

    public string Path { get; }

    private string StartsFile => System.IO.Path.Combine(_directory, "starts");

    /// <summary>The pids of every start so far.</summary>
    public IReadOnlyList<int> Pids => File.Exists(StartsFile) ? [.. File.ReadAllLines(StartsFile).Where(l => l.Length > 0).Select(int.Parse)] : [];

    public static bool IsAlive(int pid) => Directory.Exists($"/proc/{pid}");

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}

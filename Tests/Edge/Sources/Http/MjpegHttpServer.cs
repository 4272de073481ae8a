using System.Diagnostics;
using System.Globalization;

namespace EdgeVision.Tests.Edge.Sources.Http;

/// <summary>
/// An HTTP MJPEG camera on 127.0.0.1 (mjpeg_http_server.py beside this file: multipart/x-mixed-replace JPEG
/// frames at a fixed rate, like an IP camera's MJPEG endpoint). Started per test and killed by its PID.
/// </summary>
internal sealed class MjpegHttpServer : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;

    private MjpegHttpServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public const int Width = 160;
    public const int Height = 120;

    public int Port { get; }

    public string Url => $"http://127.0.0.1:{Port}/video.mjpeg";

    public static async Task<MjpegHttpServer> StartAsync()
    {
        var script = Path.Combine(AppContext.BaseDirectory, "Edge", "Sources", "Http", "mjpeg_http_server.py");
        var start = new ProcessStartInfo("/usr/bin/python3", ["-u", script, "--width", Text(Width), "--height", Text(Height)])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            var line = await process.StandardOutput.ReadLineAsync().WaitAsync(StartTimeout);
            return line is not null && line.StartsWith("READY ", StringComparison.Ordinal)
                ? new MjpegHttpServer(process, int.Parse(line["READY ".Length..], CultureInfo.InvariantCulture))
                : throw new InvalidOperationException($"mjpeg_http_server.py did not start: {line} {await stderr.WaitAsync(StartTimeout)}");
        }
        catch
        {
            process.Kill(entireProcessTree: true);
            process.Dispose();
            throw;
        }
    }

    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync().WaitAsync(StartTimeout);
    }

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        _process.Dispose();
    }

    private static string Text(int value) => value.ToString(CultureInfo.InvariantCulture);
}

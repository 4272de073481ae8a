using System.Diagnostics;
using System.Text.Json;
using EdgeVision.Cli;
using EdgeVision.Testing;

namespace EdgeVision.Tests.Cli;

/// <summary>
/// Shared by the benchmark and live tests: a real generated video (ffmpeg's test pattern, 64x48 at 30 fps, 96
/// frames: twelve 8-frame sequences for the shipped conv3d), a temp folder, and the command run in process.
/// </summary>
public sealed class BenchmarkTestKit : IAsyncLifetime
{
    public const int VideoFrames = 96;
    public const double VideoFps = 30;

    public DirectoryInfo Directory { get; } = System.IO.Directory.CreateTempSubdirectory("edgevision-cli-bench-");

    public string Video => Path.Combine(Directory.FullName, "pattern.mp4");

    public string NotAVideo => Path.Combine(Directory.FullName, "notes.mp4");

    public async ValueTask InitializeAsync()
    {
        await FfmpegAsync($"-f lavfi -i testsrc=size=64x48:rate={VideoFps} -frames:v {VideoFrames} -c:v libx264 -pix_fmt yuv420p {Video}");
        await File.WriteAllTextAsync(NotAVideo, "not a video\n");
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(recursive: true);
        return ValueTask.CompletedTask;
    }

    public string PathFor(string name) => Path.Combine(Directory.FullName, $"{Guid.NewGuid():N}-{name}");

    public static async Task<(int Exit, string Output, string Error)> RunAsync(params string[] args)
    {
        var output = new StringWriter();
        var error = new StringWriter();
        var exit = await EdgeVisionCommand.InvokeAsync(args, output, error, TestContext.Current.CancellationToken);
        return (exit, output.ToString(), error.ToString());
    }

    /// <summary>The repository checkout the tests were built from (the folder holding EdgeVision.sln).</summary>
    public static string RepositoryRoot() => BuiltProjects.RepositoryRoot();

    /// <summary>
    /// The built command as users run it: Cli's own output folder (building the tests builds it, in the same
    /// configuration). The copy in the tests' folder shares the tests' dependency resolution, not the command's.
    /// </summary>
    public static string EdgeVisionDll() => BuiltDll("Cli", "edgevision.dll");

    /// <summary><paramref name="file"/> in the output folder of the project in <paramref name="folder"/>, built in the tests' configuration.</summary>
    public static string BuiltDll(string folder, string file) => BuiltProjects.Dll(folder, file);

    public static JsonElement ReadJson(string path) => JsonDocument.Parse(File.ReadAllText(path)).RootElement;

    private static async Task FfmpegAsync(string arguments)
    {
        var start = new ProcessStartInfo("ffmpeg", $"-hide_banner -loglevel error -nostdin -y {arguments}") { RedirectStandardError = true };
        using var process = Process.Start(start)!;
        var stderr = await process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"ffmpeg {arguments} exited with {process.ExitCode}: {stderr}");
        }
    }
}

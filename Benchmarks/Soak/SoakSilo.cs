using System.Globalization;
using System.Text.Json;
using EdgeVision.Testing;

namespace EdgeVision.Benchmarks.Soak;

/// <summary>
/// One silo role of the soak: its settings (environment), a content root of its own (a copy of the silo's appsettings.json
/// and an <c>appsettings.Production.json</c> the soak rewrites to slow the model while the silo runs), and its current process.
/// </summary>
internal sealed class SoakSilo(string role, Dictionary<string, string> settings, string contentRoot)
{
    public string Role { get; } = role;

    public MultiProcessSilo? Process { get; private set; }

    public ProcessLife? Life { get; private set; }

    public int Starts { get; private set; }

    public static async Task<SoakSilo> CreateAsync(string role, Dictionary<string, string> settings, CancellationToken cancellationToken)
    {
        var root = Directory.CreateTempSubdirectory("edgevision-soak-" + role + "-").FullName;
        var shipped = Path.Combine(Path.GetDirectoryName(BuiltProjects.Dll("Silo", "EdgeVision.Silo.dll"))!, "appsettings.json");
        File.Copy(shipped, Path.Combine(root, "appsettings.json"));
        settings["ASPNETCORE_CONTENTROOT"] = root;
        var silo = new SoakSilo(role, settings, root);
        await silo.SetExtraForwardAsync(0, cancellationToken);
        return silo;
    }

    /// <summary>Starts the silo process and waits until it is ready (HTTP listening, ingestion subscribed).</summary>
    public async Task StartAsync(TimeProvider time, CancellationToken cancellationToken)
    {
        Starts++;
        var process = MultiProcessSilo.Start(Role, settings);
        Process = process;
        Life = new ProcessLife(Role, Starts, process.ProcessId, time.GetUtcNow());
        await process.WaitUntilReadyAsync(TimeSpan.FromSeconds(180), cancellationToken);
    }

    /// <summary>Writes <c>Silo:InferenceEngine:ExtraForwardMs</c> into the silo's reloaded settings file.</summary>
    public async Task SetExtraForwardAsync(int milliseconds, CancellationToken cancellationToken)
    {
        var json = JsonSerializer.Serialize(new Dictionary<string, object>
        {
            ["Silo"] = new Dictionary<string, object> { ["InferenceEngine"] = new Dictionary<string, object> { ["ExtraForwardMs"] = milliseconds } },
        });
        var path = Path.Combine(contentRoot, "appsettings.Production.json");
        var temporary = path + ".tmp";
        await File.WriteAllTextAsync(temporary, json, cancellationToken);
        File.Move(temporary, path, overwrite: true);
    }

    public void DeleteContentRoot()
    {
        try
        {
            Directory.Delete(contentRoot, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder.
        }
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Role} (pid {Process?.ProcessId})");
}

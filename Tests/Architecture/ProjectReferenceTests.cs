using System.Reflection;
using System.Text.Json;
using System.Xml.Linq;
using EdgeVision.Tests.Cli;

namespace EdgeVision.Tests.Architecture;

/// <summary>
/// The project graph, read from the project files: each project references only projects of a lower layer, and Orleans
/// reaches no project but the silo and what hosts silos to test or measure them.
/// </summary>
public sealed class ProjectReferenceTests
{
    /// <summary>
    /// Layers, lowest first. A project may reference projects of lower layers only, never one of its own layer or above:
    /// hosts never reference each other, and the test infrastructure sits above the product so no product project can
    /// reference it. A project folder missing here fails <see cref="EveryProjectHasALayer"/>.
    /// </summary>
    private static readonly string[][] Layers =
    [
        ["Contracts", "ServiceDefaults", "Startup"],
        ["Synthetic", "Mqtt"],
        ["Inference"],
        ["Edge"],
        ["Silo", "Cli", "Dashboard", "Broker", "EdgeAgent"],
        ["AppHost"],
        ["Testing"],
        ["Benchmarks", "Tests"],
    ];

    /// <summary>Projects that may get Orleans (runtime, code generator or any other package of the family).</summary>
    private static readonly string[] OrleansHosts = ["Silo", "Benchmarks", "Tests"];

    private static readonly string[] AllProjects = [.. Layers.SelectMany(layer => layer)];

    public static TheoryData<string> Projects => new(AllProjects);

    public static TheoryData<string> OrleansFreeProjects => new(AllProjects.Except(OrleansHosts));

    [Fact]
    public void EveryProjectHasALayer()
    {
        var folders = Directory.GetDirectories(BenchmarkTestKit.RepositoryRoot())
            .Where(folder => Directory.GetFiles(folder, "*.csproj").Length > 0)
            .Select(Path.GetFileName);

        Assert.Equal(AllProjects.Order(StringComparer.Ordinal), folders.Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Projects))]
    public void ProjectReferencesOnlyLowerLayers(string project)
    {
        var upward = References(project, linked: true)
            .Where(reference => LayerOf(reference) >= LayerOf(project))
            .Select(reference => $"{reference} (layer {LayerOf(reference)})");

        Assert.True(!upward.Any(), $"{project} (layer {LayerOf(project)}) references {string.Join(", ", upward)}.");
    }

    [Fact]
    public void ProjectsRunAsProcessesAreExecutablesNotLinked()
    {
        var run = AllProjects.SelectMany(project => References(project, linked: false).Select(reference => (Project: project, Reference: reference))).ToArray();

        Assert.Contains(("Tests", "Benchmarks"), run);
        Assert.All(run, pair => Assert.Equal("Exe", OutputType(pair.Reference)));
        Assert.All(run, pair => Assert.DoesNotContain(
            AssemblyName(pair.Reference), Assembly.Load(AssemblyName(pair.Project)).GetReferencedAssemblies().Select(a => a.Name)));
    }

    [Theory]
    [MemberData(nameof(OrleansFreeProjects))]
    public void OrleansReachesOnlyTheSiloAndWhatHostsSilos(string project)
    {
        var assets = Path.Combine(BenchmarkTestKit.RepositoryRoot(), project, "obj", "project.assets.json");
        using var document = JsonDocument.Parse(File.ReadAllText(assets));

        var orleans = document.RootElement.GetProperty("libraries").EnumerateObject()
            .Select(library => library.Name)
            .Where(name => name.StartsWith("Microsoft.Orleans.", StringComparison.OrdinalIgnoreCase));

        Assert.Empty(orleans);
    }

    private static int LayerOf(string project) =>
        Array.FindIndex(Layers, layer => layer.Contains(project)) is var index and >= 0
            ? index
            : throw new InvalidOperationException($"{project} has no layer in {nameof(ProjectReferenceTests)}.{nameof(Layers)}.");

    /// <summary>
    /// The project folders <paramref name="project"/> references: those whose assembly it links (<paramref name="linked"/>),
    /// or those it only builds first to run them (<c>ReferenceOutputAssembly="false"</c>).
    /// </summary>
    private static IEnumerable<string> References(string project, bool linked) =>
        ProjectFile(project).Descendants("ProjectReference")
            .Where(reference => ((string?)reference.Attribute("ReferenceOutputAssembly") is not { } output
                || !string.Equals(output, "false", StringComparison.OrdinalIgnoreCase)) == linked)
            .Select(reference => Path.GetFileName(Path.GetDirectoryName(((string)reference.Attribute("Include")!).Replace('\\', '/'))!));

    private static string OutputType(string project) =>
        ProjectFile(project).Descendants("OutputType").Select(e => e.Value).LastOrDefault() ?? "Library";

    private static string AssemblyName(string project) =>
        ProjectFile(project).Descendants("AssemblyName").Select(e => e.Value).LastOrDefault() ?? $"EdgeVision.{project}";

    private static XDocument ProjectFile(string project) =>
        XDocument.Load(Path.Combine(BenchmarkTestKit.RepositoryRoot(), project, $"EdgeVision.{project}.csproj"));
}

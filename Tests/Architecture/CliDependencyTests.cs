using System.Text.Json;
using System.Xml.Linq;
using EdgeVision.Tests.Cli;

namespace EdgeVision.Tests.Architecture;

/// <summary>
/// The <c>edgevision</c> command runs on the .NET runtime alone: nothing it references brings ASP.NET Core or the
/// services' OpenTelemetry hosting, which it never uses. A machine with only the .NET runtime installed runs it.
/// </summary>
public sealed class CliDependencyTests
{
    private const string AspNetCore = "Microsoft.AspNetCore.App";

    [Fact]
    public void TheCommandIsAPlainProjectWithoutTheAspNetCoreFramework()
    {
        var project = XDocument.Load(Path.Combine(BenchmarkTestKit.RepositoryRoot(), "Cli", "EdgeVision.Cli.csproj"));

        Assert.Equal("Microsoft.NET.Sdk", (string?)project.Root?.Attribute("Sdk"));
        Assert.DoesNotContain(project.Descendants("FrameworkReference"), reference => (string?)reference.Attribute("Include") == AspNetCore);
    }

    [Fact]
    public void NothingTheCommandDependsOnBringsAspNetCoreOrOpenTelemetryHosting()
    {
        var assets = Path.Combine(BenchmarkTestKit.RepositoryRoot(), "Cli", "obj", "project.assets.json");
        using var document = JsonDocument.Parse(File.ReadAllText(assets));

        var libraries = document.RootElement.GetProperty("libraries").EnumerateObject().Select(library => library.Name.Split('/')[0]).ToArray();
        var bringingAspNetCore = document.RootElement.GetProperty("targets").EnumerateObject()
            .SelectMany(target => target.Value.EnumerateObject())
            .Where(library => library.Value.TryGetProperty("frameworkReferences", out var frameworks)
                && frameworks.EnumerateArray().Any(framework => framework.GetString() == AspNetCore))
            .Select(library => library.Name);

        Assert.DoesNotContain(libraries, name => name.StartsWith("Microsoft.AspNetCore.", StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain(libraries, name => name.StartsWith("OpenTelemetry.Extensions.Hosting", StringComparison.OrdinalIgnoreCase));
        Assert.Empty(bringingAspNetCore);
    }

    [Fact]
    public void TheBuiltCommandAsksForTheDotNetRuntimeAlone()
    {
        var runtimeConfig = BenchmarkTestKit.BuiltDll("Cli", "edgevision.runtimeconfig.json");
        using var document = JsonDocument.Parse(File.ReadAllText(runtimeConfig));
        var options = document.RootElement.GetProperty("runtimeOptions");
        var frameworks = options.TryGetProperty("frameworks", out var list)
            ? list.EnumerateArray().Select(framework => framework.GetProperty("name").GetString()).ToArray()
            : [options.GetProperty("framework").GetProperty("name").GetString()];

        Assert.Equal(["Microsoft.NETCore.App"], frameworks);
    }
}

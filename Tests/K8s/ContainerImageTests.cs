using System.Globalization;
using System.Text.RegularExpressions;
using EdgeVision.Tests.Cli;

namespace EdgeVision.Tests.K8s;

/// <summary>
/// The images the manifests name and the Containerfiles of <c>deploy/images</c> that <c>scripts/build-images.sh</c>
/// builds agree: each has its Containerfile, known to the script, whose final user is the one the pod runs as and which
/// exposes every port the container names. mosquitto and Redis are checked against the stand-ins the offline build makes
/// for the official images (same users and ports), which <c>scripts/k8s-smoke.sh</c> plays.
/// </summary>
public sealed partial class ContainerImageTests
{
    /// <summary>The official images of the manifests and the stand-in each has under <c>deploy/images</c>.</summary>
    private static readonly Dictionary<string, string> StandIns = new(StringComparer.Ordinal)
    {
        ["eclipse-mosquitto"] = "mosquitto",
        ["redis"] = "redis",
    };

    private static readonly string ImagesFolder = Path.Combine(BenchmarkTestKit.RepositoryRoot(), "deploy", "images");

    private readonly CancellationToken _cancellation = TestContext.Current.CancellationToken;

    [Theory]
    [MemberData(nameof(Kustomize.Targets), MemberType = typeof(Kustomize))]
    public async Task EveryImageTheManifestsNameIsBuiltToRunAsThePodsUserWithThePortsItNames(string target)
    {
        var manifests = await RenderedManifests.RenderAsync(target, _cancellation);
        var scriptImages = BuildScriptImages();

        Assert.All(manifests.PodTemplates().SelectMany(p => p.Template.Spec.Containers.Select(c => (p.Workload, p.Template, Container: c))), entry =>
        {
            var (workload, template, container) = entry;
            var name = ImageName(container.Image);
            var path = Path.Combine(ImagesFolder, $"{name}.Containerfile");
            Assert.True(File.Exists(path), $"{workload}: {container.Image} has no deploy/images/{name}.Containerfile");
            Assert.True(scriptImages.Contains(name), $"{workload}: scripts/build-images.sh does not build {name}");

            var containerfile = File.ReadAllText(path);
            var runAsUser = (container.SecurityContext?.RunAsUser ?? template.Spec.SecurityContext?.RunAsUser)?.ToString(CultureInfo.InvariantCulture);
            var imageUser = UserLine().Matches(containerfile).Last().Groups["user"].Value;
            Assert.True(imageUser == runAsUser, $"{workload}: {name}.Containerfile runs as user {imageUser}, the pod as {runAsUser}");

            var exposed = ExposeLine().Matches(containerfile)
                .SelectMany(m => m.Groups["ports"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries))
                .ToHashSet(StringComparer.Ordinal);
            Assert.All(container.Ports ?? [], port =>
                Assert.True(exposed.Contains(port.ContainerPort.ToString(CultureInfo.InvariantCulture)),
                    $"{workload}: {name}.Containerfile does not EXPOSE {port.ContainerPort}"));
        });
    }

    /// <summary><c>edgevision/silo:dev</c> is <c>silo</c>; an official image is its stand-in's name.</summary>
    private static string ImageName(string image)
    {
        var repository = image.Split(':')[0];
        return StandIns.TryGetValue(repository, out var standIn) ? standIn : repository[(repository.LastIndexOf('/') + 1)..];
    }

    /// <summary>The names <c>scripts/build-images.sh</c> accepts (its <c>known=(...)</c> list).</summary>
    private static HashSet<string> BuildScriptImages()
    {
        var script = File.ReadAllText(Path.Combine(BenchmarkTestKit.RepositoryRoot(), "scripts", "build-images.sh"));
        return KnownImages().Match(script).Groups["names"].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToHashSet(StringComparer.Ordinal);
    }

    [GeneratedRegex(@"^USER\s+(?<user>\S+)\s*$", RegexOptions.Multiline)]
    private static partial Regex UserLine();

    [GeneratedRegex(@"^EXPOSE\s+(?<ports>[0-9 ]+?)\s*$", RegexOptions.Multiline)]
    private static partial Regex ExposeLine();

    [GeneratedRegex(@"^known=\((?<names>[^)]*)\)", RegexOptions.Multiline)]
    private static partial Regex KnownImages();
}

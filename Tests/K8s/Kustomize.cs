using System.Diagnostics;
using EdgeVision.Tests.Cli;

namespace EdgeVision.Tests.K8s;

/// <summary>
/// Renders the kustomizations under <c>k8s/</c> as <c>kubectl apply -k</c> would: with <c>kubectl kustomize</c>, or the
/// standalone <c>kustomize build</c> where kubectl is not installed.
/// </summary>
internal static class Kustomize
{
    private static readonly TimeSpan RenderTimeout = TimeSpan.FromMinutes(2);

    /// <summary>What the tests render: the base, each overlay, and the GPU overlay with every optional component.</summary>
    public static TheoryData<string> Targets() => new(["base", "overlays/cpu", "overlays/gpu", "overlays/local", Everything]);

    /// <summary>The GPU overlay with the monitoring and NVIDIA runtime-class components: every kind the folder holds.</summary>
    public const string Everything = "overlays/gpu+components";

    public static string K8sRoot => Path.Combine(BenchmarkTestKit.RepositoryRoot(), "k8s");

    /// <summary>The rendered YAML stream of <paramref name="target"/> (a folder under <c>k8s/</c>, or <see cref="Everything"/>).</summary>
    public static async Task<string> RenderAsync(string target, CancellationToken cancellationToken)
    {
        if (target != Everything)
        {
            return await RenderFolderAsync(Path.Combine(K8sRoot, target), cancellationToken);
        }

        // kustomize takes resources and components by relative path only: a kustomization in a temporary folder that
        // points back at the repository's.
        var folder = Directory.CreateTempSubdirectory("edgevision-kustomize-");
        try
        {
            string Relative(string path) => Path.GetRelativePath(folder.FullName, Path.Combine(K8sRoot, path));
            await File.WriteAllTextAsync(Path.Combine(folder.FullName, "kustomization.yaml"), $"""
                apiVersion: kustomize.config.k8s.io/v1beta1
                kind: Kustomization
                resources:
                  - {Relative("overlays/gpu")}
                components:
                  - {Relative("components/monitoring")}
                  - {Relative("components/nvidia-runtime-class")}
                """, cancellationToken);
            return await RenderFolderAsync(folder.FullName, cancellationToken);
        }
        finally
        {
            folder.Delete(recursive: true);
        }
    }

    private static async Task<string> RenderFolderAsync(string folder, CancellationToken cancellationToken)
    {
        var (executable, arguments) = Tool.Find("kubectl") is { } kubectl
            ? (kubectl, new[] { "kustomize", folder })
            : Tool.Find("kustomize") is { } kustomize
                ? (kustomize, new[] { "build", folder })
                : throw new FileNotFoundException(
                    "Neither kubectl nor kustomize is installed: the manifest tests render k8s/ with one of them (see scripts/install-prerequisites.sh).");
        var result = await Tool.RunAsync(executable, arguments, RenderTimeout, cancellationToken);
        Assert.True(result.ExitCode == 0, $"{Path.GetFileName(executable)} {string.Join(' ', arguments)} failed ({result.ExitCode}): {result.StandardError}");
        return result.StandardOutput;
    }
}

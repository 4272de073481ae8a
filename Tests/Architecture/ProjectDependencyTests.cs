using System.Reflection;

namespace EdgeVision.Tests.Architecture;

/// <summary>
/// The "must not depend on" column of ARCHITECTURE.md, checked on the compiled assemblies' references so a
/// stray <c>using</c> cannot slip a heavy or wrong-layer dependency in. Orleans and the project graph are
/// <see cref="ProjectReferenceTests"/>'.
/// </summary>
public sealed class ProjectDependencyTests
{
    public static TheoryData<string, string> ForbiddenReferences => new()
    {
        { "EdgeVision.Contracts", "TorchSharp" },
        { "EdgeVision.Contracts", "OpenCvSharp" },
        { "EdgeVision.Contracts", "MQTTnet" },
        { "EdgeVision.Edge", "TorchSharp" },
        { "EdgeVision.Inference", "MQTTnet" },
        { "EdgeVision.Dashboard", "TorchSharp" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenReferences))]
    public void ProjectDoesNotReferenceWhatTheArchitectureForbids(string assembly, string forbiddenPrefix)
    {
        var references = Assembly.Load(assembly).GetReferencedAssemblies().Select(r => r.Name ?? "");

        Assert.DoesNotContain(references, name => name.StartsWith(forbiddenPrefix, StringComparison.Ordinal));
    }
}

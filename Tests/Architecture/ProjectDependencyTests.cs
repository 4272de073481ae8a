using System.Reflection;

namespace EdgeVision.Tests.Architecture;

/// <summary>
/// The plan of record's "must not depend on" rules (docs/design-notes.md), checked on the compiled assemblies'
/// references so a stray <c>using</c> cannot slip a heavy or wrong-layer dependency in. Orleans and the project graph
/// are <see cref="ProjectReferenceTests"/>'.
/// </summary>
public sealed class ProjectDependencyTests
{
    public static TheoryData<string, string> ForbiddenReferences => new()
    {
        { "EdgeVision.Contracts", "TorchSharp" },
        { "EdgeVision.Contracts", "OpenCvSharp" },
        { "EdgeVision.Contracts", "MQTTnet" },
        { "EdgeVision.Edge", "TorchSharp" },
        // The edge library is what a program embedding an edge needs, without the agent's host.
        { "EdgeVision.Edge", "EdgeVision.ServiceDefaults" },
        { "EdgeVision.Edge", "Microsoft.AspNetCore" },
        { "EdgeVision.Edge", "Microsoft.Extensions.Hosting" },
        { "EdgeVision.EdgeAgent", "TorchSharp" },
        { "EdgeVision.Inference", "MQTTnet" },
        { "EdgeVision.Dashboard", "TorchSharp" },
        // The one MQTT client layer: MQTTnet and Contracts, nothing of a host (its projects' layer and Orleans are
        // ProjectReferenceTests').
        { "EdgeVision.Mqtt", "EdgeVision.ServiceDefaults" },
        { "EdgeVision.Mqtt", "Microsoft.AspNetCore" },
        { "EdgeVision.Mqtt", "Microsoft.Extensions.Hosting" },
        { "EdgeVision.Mqtt", "TorchSharp" },
        { "EdgeVision.Mqtt", "OpenCvSharp" },
        // What every executable calls first in Main, the edge agent's and the CLI's included: plain .NET.
        { "EdgeVision.Startup", "TorchSharp" },
        { "EdgeVision.Startup", "OpenCvSharp" },
        { "EdgeVision.Startup", "MQTTnet" },
        { "EdgeVision.Startup", "Microsoft.AspNetCore" },
        { "EdgeVision.Startup", "Microsoft.Extensions" },
    };

    [Theory]
    [MemberData(nameof(ForbiddenReferences))]
    public void ProjectDoesNotReferenceWhatTheArchitectureForbids(string assembly, string forbiddenPrefix)
    {
        var references = Assembly.Load(assembly).GetReferencedAssemblies().Select(r => r.Name ?? "");

        Assert.DoesNotContain(references, name => name.StartsWith(forbiddenPrefix, StringComparison.Ordinal));
    }
}

using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace EdgeVision.Tests.Silo.Serialization;

/// <summary>One Orleans serializer per test class: building it scans assemblies and takes about a second.</summary>
public sealed class OrleansSerializerFixture : IDisposable
{
    public ServiceProvider Services { get; } = new ServiceCollection().AddSerializer().BuildServiceProvider();

    public void Dispose() => Services.Dispose();
}

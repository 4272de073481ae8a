using EdgeVision.Contracts.Wire;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace EdgeVision.Tests.Contracts.Wire;

/// <summary>Ingestion hands sequences to grains, so Orleans' generated serializer must carry them intact.</summary>
public sealed class FrameSequenceOrleansSerializationTests(OrleansSerializerFixture fixture) : IClassFixture<OrleansSerializerFixture>
{
    private readonly IServiceProvider _services = fixture.Services;

    [Theory]
    [InlineData("jpeg")]
    [InlineData("rgb24")]
    [InlineData("labelled")]
    public void OrleansSerializerRoundTripsSequencesExactly(string format)
    {
        var sequence = format switch { "jpeg" => SequenceSamples.Jpeg(), "rgb24" => SequenceSamples.Rgb24(), _ => SequenceSamples.Labelled() };
        var serializer = _services.GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<FrameSequence>(serializer.SerializeToArray(sequence));

        Assert.Equal(sequence, copy);
    }

    [Fact]
    public void ImmutableSequencesAreNotCopiedBetweenGrainsOfOneSilo()
    {
        var sequence = SequenceSamples.Jpeg();

        var copy = _services.GetRequiredService<DeepCopier>().Copy(sequence);

        Assert.Same(sequence, copy);
    }
}

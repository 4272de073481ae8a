using EdgeVision.Contracts.Wire;
using EdgeVision.Tests.Contracts.Wire;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace EdgeVision.Tests.Silo.Serialization;

/// <summary>
/// Ingestion hands sequences to camera grains, possibly on another silo: the silo's converters must carry them intact,
/// and a grain on the same silo must get the sequence itself, frames uncopied.
/// </summary>
public sealed class FrameSequenceSerializationTests(OrleansSerializerFixture fixture) : IClassFixture<OrleansSerializerFixture>
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
    public void ASequenceWithoutFrameLabelsArrivesWithEmptyLabels()
    {
        var sequence = SequenceSamples.Jpeg();
        var serializer = _services.GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<FrameSequence>(serializer.SerializeToArray(sequence));

        Assert.NotNull(copy);
        Assert.False(copy.FrameLabels.IsDefault);
        Assert.Empty(copy.FrameLabels);
        Assert.Null(copy.TrueLabel);
    }

    [Fact]
    public void ImmutableSequencesAreNotCopiedBetweenGrainsOfOneSilo()
    {
        var sequence = SequenceSamples.Jpeg();

        var copy = _services.GetRequiredService<DeepCopier>().Copy(sequence);

        Assert.Same(sequence, copy);
    }
}

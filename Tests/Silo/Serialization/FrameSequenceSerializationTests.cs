using CsCheck;
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
    [InlineData("stamped")]
    public void OrleansSerializerRoundTripsSequencesExactly(string format)
    {
        var sequence = format switch
        {
            "jpeg" => SequenceSamples.Jpeg(),
            "rgb24" => SequenceSamples.Rgb24(),
            "labelled" => SequenceSamples.Labelled(),
            _ => Stamped(),
        };
        var serializer = _services.GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<FrameSequence>(serializer.SerializeToArray(sequence));

        Assert.Equal(sequence, copy);
    }

    [Fact]
    public void TheCameraGrainOnAnotherSiloSeesThePublishTimeAndTheNominalSettings()
    {
        var sequence = Stamped();
        var serializer = _services.GetRequiredService<Serializer>();

        var copy = serializer.Deserialize<FrameSequence>(serializer.SerializeToArray(sequence));

        Assert.NotNull(copy);
        Assert.Equal(sequence.PublishedAt, copy.PublishedAt);
        Assert.Equal(new NominalSettings(224, 160, 2), copy.Preprocessing.Nominal);
    }

    [Fact]
    public void EveryValidSequenceRoundTripsExactly()
    {
        var serializer = _services.GetRequiredService<Serializer>();

        SequenceGenerators.Sequence.Sample(sequence =>
            Assert.Equal(sequence, serializer.Deserialize<FrameSequence>(serializer.SerializeToArray(sequence))), iter: 500);
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

    // A sequence as an edge publishes it: stamped with its publish time, with the camera's configured size and frame skip.
    private static FrameSequence Stamped()
    {
        var sequence = SequenceSamples.Labelled();
        return sequence with
        {
            PublishedAtUs = sequence.CaptureTimestampsUs[^1] + 4_200,
            Preprocessing = sequence.Preprocessing with { Nominal = new NominalSettings(224, 160, 2) },
        };
    }
}

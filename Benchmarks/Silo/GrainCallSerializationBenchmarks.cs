using System.Collections.Immutable;
using BenchmarkDotNet.Attributes;
using EdgeVision.Contracts.Wire;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Serialization;

namespace EdgeVision.Benchmarks.Silo;

/// <summary>
/// What Orleans does with a <see cref="FrameSequence"/> on its way to a camera grain (the silo's surrogates and shallow
/// copier): the round trip to a grain on another silo against the same frames alone (the baseline: bytes that must be
/// copied whatever the format), and the copy for a grain on the same silo.
/// <c>dotnet run -c Release --project Benchmarks -- --filter '*GrainCallSerialization*' --job short --inProcess</c>.
/// </summary>
[MemoryDiagnoser]
public class GrainCallSerializationBenchmarks
{
    private ServiceProvider services = null!;
    private Serializer serializer = null!;
    private DeepCopier copier = null!;
    private FrameSequence sequence = null!;

    /// <summary>Bytes per frame: a 224x224 JPEG (about 16 KB) or 224x224 RGB24 (150 KB); 8 frames a sequence.</summary>
    [Params(16_384, 150_528)]
    public int FrameBytes { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        services = new ServiceCollection().AddSerializer().BuildServiceProvider();
        serializer = services.GetRequiredService<Serializer>();
        copier = services.GetRequiredService<DeepCopier>();
        var frames = Enumerable.Range(0, 8).Select(i => new ReadOnlyMemory<byte>(Enumerable.Repeat((byte)i, FrameBytes).ToArray())).ToImmutableArray();
        var preprocessing = new PreprocessingParameters(15, 0, 8, true, [0.45f, 0.45f, 0.45f], [0.225f, 0.225f, 0.225f], 1920, 1080, "area", 85);
        sequence = new FrameSequence("site", "cam", 42, [.. Enumerable.Range(0, 8).Select(i => (long)i)],
            [.. Enumerable.Range(0, 8).Select(i => 1_795_632_381_120_000L + (i * 66_666))], 224, 224, PixelFormat.Rgb24, frames, preprocessing);
    }

    [GlobalCleanup]
    public void Cleanup() => services.Dispose();

    [Benchmark(Baseline = true)]
    public int FramesAloneToAnotherSilo() =>
        serializer.Deserialize<ImmutableArray<ReadOnlyMemory<byte>>>(serializer.SerializeToArray(sequence.Frames)).Length;

    [Benchmark]
    public int SequenceToAnotherSilo() => serializer.Deserialize<FrameSequence>(serializer.SerializeToArray(sequence))!.FrameCount;

    [Benchmark]
    public int SequenceToTheSameSilo() => copier.Copy(sequence).FrameCount;
}

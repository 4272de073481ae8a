using System.Collections.Immutable;
using CsCheck;
using EdgeVision.Contracts.Wire;

namespace EdgeVision.Tests.Contracts.Wire;

/// <summary>CsCheck generators of valid <see cref="FrameSequence"/>s: every rule of sequence.proto holds by construction.</summary>
internal static class SequenceGenerators
{
    private const string Alphanumeric = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    public static readonly Gen<string> Id =
        Gen.Select(Gen.Char[Alphanumeric], Gen.String[Gen.Char[Alphanumeric + "-_"], 0, 63], (first, rest) => first + rest);

    public static readonly Gen<float> Finite = Gen.Float[-10f, 10f];

    // Labels as models report them: snake_case ids, words with spaces, any script; never blank or with control characters.
    public static readonly Gen<string> Label =
        Gen.Select(Gen.Char[Alphanumeric + "éßЖ漢"], Gen.String[Gen.Char[Alphanumeric + "_- éßЖ漢"], 0, 127], (first, rest) => first + rest);

    public static readonly Gen<FrameSequence> Sequence =
        Gen.Select(Gen.Int[1, 12], Gen.Int[1, 12], Gen.Int[1, 6], Gen.Bool)
            .SelectMany((width, height, count, jpeg) => Gen.Select(
                Id,
                Id,
                Gen.Long[0, long.MaxValue],
                Increasing(Gen.Long[0, 1L << 40], count),
                Increasing(Gen.Long[1, 4_000_000_000_000_000], count),
                jpeg ? JpegFrame(width, height).Array[count, count] : Gen.Byte.Array[width * height * 3, width * height * 3].Array[count, count],
                Gen.Select(Preprocessing(jpeg), Gen.OneOf(Gen.Const(0L), Gen.Long[1, 253_402_300_799_999_999])),
                Gen.OneOf(Gen.Const(Array.Empty<string>()), Label.Array[count, count]),
                (site, camera, number, indices, times, frames, tail, labels) => new FrameSequence(
                    site, camera, number, indices, times, width, height, jpeg ? PixelFormat.Jpeg : PixelFormat.Rgb24,
                    [.. frames.Select(f => new ReadOnlyMemory<byte>(f))], tail.Item1, tail.Item2) { FrameLabels = [.. labels] }));

    private static Gen<byte[]> JpegFrame(int width, int height) =>
        Gen.Select(Gen.OneOf<byte>(0xC0, 0xC1, 0xC2), Gen.Byte.Array[0, 40], Gen.Byte.Array[0, 40],
            (sof, app, scan) => TestJpeg.Create(width, height, sof, app, scan));

    private static Gen<PreprocessingParameters> Preprocessing(bool jpeg) =>
        Gen.Select(
            Gen.Float[0.01f, 1000f],
            Gen.Int[0, 1000],
            Gen.Int[1, 1000],
            Gen.Bool,
            Finite.Array[3, 3],
            Gen.Float[0.001f, 10f].Array[3, 3],
            Gen.Int[1, 65535],
            Gen.Int[1, 65535],
            Gen.OneOf("linear", "area", "cubic", "nearest", "INTER_LANCZOS4"),
            jpeg ? Gen.Int[1, 100] : Gen.Const(0),
            Gen.Select(Gen.Bool, Gen.Int[1, 4096], Gen.Int[1, 4096], Gen.Int[0, 1000], (present, w, h, k) => present ? new NominalSettings(w, h, k) : null),
            (fps, skip, stride, normalize, mean, std, sw, sh, interpolation, quality, nominal) =>
                new PreprocessingParameters(fps, skip, stride, normalize, [.. mean], [.. std], sw, sh, interpolation, quality, nominal));

    // A start plus positive steps: strictly increasing, and capped so the sum cannot overflow.
    private static Gen<ImmutableArray<long>> Increasing(Gen<long> start, int count) =>
        Gen.Select(start, Gen.Long[1, 1_000_000].Array[count, count], (first, steps) =>
        {
            var values = ImmutableArray.CreateBuilder<long>(count);
            var value = first;
            foreach (var step in steps)
            {
                values.Add(value);
                value += step;
            }

            return values.MoveToImmutable();
        });
}

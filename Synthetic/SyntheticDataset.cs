using System.Collections;

namespace EdgeVision.Synthetic;

/// <summary>
/// A fixed, class-balanced list of clips defined by a seed. Clips render on demand, so a dataset costs no
/// memory until read; the same seed always gives byte-identical clips, and a held-out split is another seed.
/// </summary>
public sealed class SyntheticDataset : IReadOnlyList<SyntheticClip>
{
    public SyntheticDataset(int seed, int count, int width, int height, int frameCount)
        : this(seed, count, new SyntheticClipGenerator(width, height, frameCount))
    {
    }

    public SyntheticDataset(int seed, int count, SyntheticClipGenerator generator)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        ArgumentNullException.ThrowIfNull(generator);
        Seed = seed;
        Count = count;
        Generator = generator;
    }

    public int Seed { get; }

    public int Count { get; }

    public SyntheticClipGenerator Generator { get; }

    public SyntheticClip this[int index] => Generator.Generate(LabelOf(index), ClipSeedOf(index));

    public ActionClass LabelOf(int index)
    {
        CheckIndex(index);
        return ClassSchedule.ClassAt(Seed, index);
    }

    /// <summary>The seed of clip <paramref name="index"/>: a hash, so neighbouring dataset seeds share no clips.</summary>
    public int ClipSeedOf(int index)
    {
        CheckIndex(index);
        return (int)SceneRandom.Derive(Seed, index);
    }

    /// <summary>Renders clip <paramref name="index"/> into <paramref name="destination"/> and returns its label.</summary>
    public ActionClass RenderInto(int index, Span<byte> destination)
    {
        var label = LabelOf(index);
        Generator.Render(SceneParameters.Sample(label, ClipSeedOf(index), Generator.FrameCount), destination);
        return label;
    }

    public IEnumerator<SyntheticClip> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private void CheckIndex(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
    }
}

namespace EdgeVision.Synthetic;

/// <summary>
/// SplitMix64: a tiny generator whose sequence is fixed by this code, not by the runtime
/// (System.Random's seeded sequence is an implementation detail), so clips stay byte-identical forever.
/// </summary>
internal struct SceneRandom(ulong seed)
{
    private ulong state = seed;

    public static ulong Mix(ulong value)
    {
        value += 0x9E3779B97F4A7C15UL;
        value = (value ^ (value >> 30)) * 0xBF58476D1CE4E5B9UL;
        value = (value ^ (value >> 27)) * 0x94D049BB133111EBUL;
        return value ^ (value >> 31);
    }

    /// <summary>A seed for stream <paramref name="stream"/> of <paramref name="seed"/>: streams never share draws.</summary>
    public static ulong Derive(long seed, long stream) => Mix(Mix((ulong)seed) ^ Mix(0xD1B54A32D192ED03UL * (ulong)(stream + 1)));

    public ulong NextUInt64()
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state - 0x9E3779B97F4A7C15UL);
    }

    /// <summary>Uniform in [0, 1).</summary>
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    public double Uniform(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>Uniform in [0, <paramref name="count"/>).</summary>
    public int Next(int count) => (int)((NextUInt64() >> 33) * (ulong)count >> 31);

    public bool Chance(double probability) => NextDouble() < probability;

    public Rgb NextColor() => new((byte)Next(256), (byte)Next(256), (byte)Next(256));
}

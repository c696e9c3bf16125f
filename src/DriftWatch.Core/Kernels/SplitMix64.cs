namespace DriftWatch.Core.Kernels;

/// <summary>
/// SplitMix64 (Steele, Lea and Flood 2014; Vigna's <c>splitmix64.c</c>): a 64-bit counter run through a
/// mixing function. Its only job here is to spread one 64-bit seed over the 256 bits of
/// <see cref="Xoshiro256StarStar"/>, as that generator's authors recommend.
/// </summary>
internal struct SplitMix64(ulong seed)
{
    private ulong _state = seed;

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        ulong z = _state += 0x9E3779B97F4A7C15;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EB;
        return z ^ (z >> 31);
    }
}

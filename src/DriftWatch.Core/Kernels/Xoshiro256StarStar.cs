using System.Numerics;

namespace DriftWatch.Core.Kernels;

/// <summary>
/// xoshiro256** (Blackman and Vigna 2018, <c>xoshiro256starstar.c</c>): the random stream of the exact p.
/// A mutable struct passed by <c>ref</c>, so drawing allocates nothing and the state stays in registers.
/// </summary>
internal struct Xoshiro256StarStar
{
    private const double Ulp53 = 1.0 / (1UL << 53);

    private ulong _s0, _s1, _s2, _s3;

    /// <summary>Starts from a raw state; at least one word must be non-zero (all zeros is the one stuck state).</summary>
    public Xoshiro256StarStar(ulong s0, ulong s1, ulong s2, ulong s3)
    {
        if ((s0 | s1 | s2 | s3) == 0) DriftThrow.ArgumentOutOfRange(nameof(s0), 0, "non-zero in at least one of the four state words");
        (_s0, _s1, _s2, _s3) = (s0, s1, s2, s3);
    }

    /// <summary>The state is four outputs of <see cref="SplitMix64"/> started at <paramref name="seed"/> (never all zero).</summary>
    public static Xoshiro256StarStar FromSeed(ulong seed)
    {
        var mix = new SplitMix64(seed);
        return new Xoshiro256StarStar(mix.Next(), mix.Next(), mix.Next(), mix.Next());
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextUInt64()
    {
        ulong result = BitOperations.RotateLeft(_s1 * 5, 7) * 9;
        ulong t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = BitOperations.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1): the top 53 bits, so every value is a multiple of 2⁻⁵³.</summary>
    public double NextDouble() => (NextUInt64() >> 11) * Ulp53;

    /// <summary>A uniform double in (0, 1]: never 0, so it can be divided by and its log taken.</summary>
    public double NextDoubleNonZero() => ((NextUInt64() >> 11) + 1) * Ulp53;
}

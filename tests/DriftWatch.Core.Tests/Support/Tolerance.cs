namespace DriftWatch.Core.Tests.Support;

/// <summary>The reference vectors' tolerance: a number matches within relative 1e-9 or absolute 1e-12 of the expected value.</summary>
internal static class Tolerance
{
    public const double Relative = 1e-9;
    public const double Absolute = 1e-12;

    public static bool Matches(double expected, double actual)
    {
        if (expected.Equals(actual)) return true;
        double difference = Math.Abs(expected - actual);
        return difference <= Absolute || difference <= Relative * Math.Abs(expected);
    }

    public static void Equal(double expected, double actual, string what)
    {
        if (!Matches(expected, actual))
            Assert.Fail($"{what}: expected {Vectors.Format(expected)}, got {Vectors.Format(actual)} (beyond relative {Relative} and absolute {Absolute})");
    }

    public static void Equal(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, string what)
    {
        Assert.True(expected.Length == actual.Length, $"{what}: expected {expected.Length} numbers, got {actual.Length}");
        for (int i = 0; i < expected.Length; i++) Equal(expected[i], actual[i], $"{what}[{i}]");
    }
}

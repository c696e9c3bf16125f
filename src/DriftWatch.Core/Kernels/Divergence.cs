using System.Runtime.Intrinsics;

namespace DriftWatch.Core.Kernels;

/// <summary>
/// Divergences between a window's shares <c>w</c> and a baseline's shares <c>b</c> (DESIGN.md "Metrics").
/// Inputs are ε-replaced shares (<see cref="Shares"/>): no zero, so no term is infinite.
/// Each kernel has a <c>Vector256</c> body with a scalar tail, and a plain scalar twin that tests use as the oracle.
/// </summary>
internal static class Divergence
{
    /// <summary>Population stability index, Σ (wᵢ − bᵢ)·ln(wᵢ / bᵢ).</summary>
    public static double Psi(ReadOnlySpan<double> w, ReadOnlySpan<double> b)
    {
        if (w.Length != b.Length) DriftThrow.LengthMismatch(nameof(b), b.Length, w.Length);
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && w.Length >= Vector256<double>.Count)
        {
            var acc = Vector256<double>.Zero;
            for (; i <= w.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var wv = Vector256.Create(w.Slice(i));
                var bv = Vector256.Create(b.Slice(i));
                acc += (wv - bv) * Vector256.Log(wv / bv);
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < w.Length; i++) sum += (w[i] - b[i]) * Math.Log(w[i] / b[i]);
        return sum;
    }

    /// <summary>Kullback–Leibler divergence of the window from the baseline, Σ wᵢ·ln(wᵢ / bᵢ), in nats.</summary>
    public static double Kl(ReadOnlySpan<double> w, ReadOnlySpan<double> b)
    {
        if (w.Length != b.Length) DriftThrow.LengthMismatch(nameof(b), b.Length, w.Length);
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && w.Length >= Vector256<double>.Count)
        {
            var acc = Vector256<double>.Zero;
            for (; i <= w.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var wv = Vector256.Create(w.Slice(i));
                var bv = Vector256.Create(b.Slice(i));
                acc += wv * Vector256.Log(wv / bv);
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < w.Length; i++) sum += w[i] * Math.Log(w[i] / b[i]);
        return sum;
    }

    /// <summary>Jensen–Shannon divergence (natural log), ½·KL(w‖m) + ½·KL(b‖m) with m = ½(w + b).</summary>
    public static double Js(ReadOnlySpan<double> w, ReadOnlySpan<double> b)
    {
        if (w.Length != b.Length) DriftThrow.LengthMismatch(nameof(b), b.Length, w.Length);
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && w.Length >= Vector256<double>.Count)
        {
            var half = Vector256.Create(0.5);
            var acc = Vector256<double>.Zero;
            for (; i <= w.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var wv = Vector256.Create(w.Slice(i));
                var bv = Vector256.Create(b.Slice(i));
                var m = half * (wv + bv);
                acc += wv * Vector256.Log(wv / m) + bv * Vector256.Log(bv / m);
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < w.Length; i++)
        {
            double m = 0.5 * (w[i] + b[i]);
            sum += w[i] * Math.Log(w[i] / m) + b[i] * Math.Log(b[i] / m);
        }
        return 0.5 * sum;
    }

    /// <summary>Hellinger distance, √(½·Σ (√wᵢ − √bᵢ)²), in [0, 1].</summary>
    public static double Hellinger(ReadOnlySpan<double> w, ReadOnlySpan<double> b)
    {
        if (w.Length != b.Length) DriftThrow.LengthMismatch(nameof(b), b.Length, w.Length);
        int i = 0;
        double sum = 0;
        if (Vector256.IsHardwareAccelerated && w.Length >= Vector256<double>.Count)
        {
            var acc = Vector256<double>.Zero;
            for (; i <= w.Length - Vector256<double>.Count; i += Vector256<double>.Count)
            {
                var d = Vector256.Sqrt(Vector256.Create(w.Slice(i))) - Vector256.Sqrt(Vector256.Create(b.Slice(i)));
                acc += d * d;
            }
            sum = Vector256.Sum(acc);
        }
        for (; i < w.Length; i++)
        {
            double d = Math.Sqrt(w[i]) - Math.Sqrt(b[i]);
            sum += d * d;
        }
        return Math.Sqrt(0.5 * sum);
    }

    internal static double PsiScalar(ReadOnlySpan<double> w, ReadOnlySpan<double> b)
    {
        if (w.Length != b.Length) DriftThrow.LengthMismatch(nameof(b), b.Length, w.Length);
        double sum = 0;
        for (int i = 0; i < w.Length; i++) sum += (w[i] - b[i]) * Math.Log(w[i] / b[i]);
        return sum;
    }

    internal static double KlScalar(ReadOnlySpan<double> w, ReadOnlySpan<double> b)
    {
        if (w.Length != b.Length) DriftThrow.LengthMismatch(nameof(b), b.Length, w.Length);
        double sum = 0;
        for (int i = 0; i < w.Length; i++) sum += w[i] * Math.Log(w[i] / b[i]);
        return sum;
    }

    internal static double JsScalar(ReadOnlySpan<double> w, ReadOnlySpan<double> b)
    {
        if (w.Length != b.Length) DriftThrow.LengthMismatch(nameof(b), b.Length, w.Length);
        double sum = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double m = 0.5 * (w[i] + b[i]);
            sum += w[i] * Math.Log(w[i] / m) + b[i] * Math.Log(b[i] / m);
        }
        return 0.5 * sum;
    }

    internal static double HellingerScalar(ReadOnlySpan<double> w, ReadOnlySpan<double> b)
    {
        if (w.Length != b.Length) DriftThrow.LengthMismatch(nameof(b), b.Length, w.Length);
        double sum = 0;
        for (int i = 0; i < w.Length; i++)
        {
            double d = Math.Sqrt(w[i]) - Math.Sqrt(b[i]);
            sum += d * d;
        }
        return Math.Sqrt(0.5 * sum);
    }
}

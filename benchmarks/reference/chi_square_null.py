#!/usr/bin/env python3
"""Independent check of the two-sample chi-square test (DESIGN.md "Metrics") on null windows.

Standard library only (no numpy/scipy here): the upper regularised incomplete gamma is computed
with its series / continued fraction (Numerical Recipes' gammq), not with MathNet.

A 64-category Zipf feature (weights 1/k). Each reference is a sample of N values from it, fitted
as BaselineFitter does (shares = counts / N; categories never seen go to `other`; `missing` 0);
each window is a fresh sample of n values from the same population. So both samples come from
one distribution: the null of the test of homogeneity. Prints the share of windows with p under
each level, by n and N, for the test as DESIGN.md defines it and for variants of its pooling.

  python3 chi_square_null.py [--windows W] [--references R] [--seed S] [--n 500,1000] [--N 100000]
                             [--baseline sampled|exact] [--variants design,...] [--dump FILE --dump-count K]

--baseline exact uses R_i = N * p_i of the true population instead of a sample (a baseline with no
sampling error: then the test is a goodness-of-fit test scaled by N/(n+N)).
--dump writes K windows (shares, count, window counts, statistic, df, p) as JSON lines, for
comparing with ChiSquareTest.TwoSample on exactly the same inputs.
"""
import argparse
import bisect
import json
import math
import random

CATEGORIES = 64
LEVELS = (0.01, 0.002, 0.0002)


def gammq(a, x):
    """Upper regularised incomplete gamma Q(a, x)."""
    if x <= 0:
        return 1.0
    gln = math.lgamma(a)
    if x < a + 1:  # series for P, then 1 - P
        ap, total, delta = a, 1.0 / a, 1.0 / a
        for _ in range(10_000):
            ap += 1
            delta *= x / ap
            total += delta
            if abs(delta) < abs(total) * 1e-16:
                break
        return max(0.0, 1.0 - total * math.exp(-x + a * math.log(x) - gln))
    tiny = 1e-300  # modified Lentz continued fraction for Q
    b = x + 1 - a
    c = 1 / tiny
    d = 1 / b
    h = d
    for i in range(1, 10_000):
        an = -i * (i - a)
        b += 2
        d = an * d + b
        if abs(d) < tiny:
            d = tiny
        c = b + an / c
        if abs(c) < tiny:
            c = tiny
        d = 1 / d
        delta = d * c
        h *= delta
        if abs(delta - 1) < 1e-16:
            break
    return math.exp(-x + a * math.log(x) - gln) * h


def two_sample(window, shares, count, min_expected=5.0, pool_on="window", scaled=False):
    """DESIGN.md's test. pool_on: "window" (n*p_i < 5, the design), "both" (min(n, N)*p_i < 5),
    "baseline" (n*b_i < 5: decided by the baseline alone, not by the window's own counts).
    scaled: not the design -- X² referred to a scaled chi-square a*chi2(nu) whose mean and variance match
    Pearson's statistic's (variance 2df + (sum 1/p_i - k^2 - 2k + 2)(1/n + 1/N), the multinomial
    goodness-of-fit formula applied to both samples; Satterthwaite)."""
    n = sum(window)
    r = [count * s for s in shares]
    big_n = sum(r)
    total = n + big_n
    x2, bins = 0.0, 0
    po = pr = 0.0
    pooled = False

    def term(o, rr, p):
        eo, er = n * p, big_n * p
        return (o - eo) ** 2 / eo + (rr - er) ** 2 / er

    for o, rr, b in zip(window, r, shares):
        p = (o + rr) / total
        if p == 0:
            continue
        small = {"window": n * p, "both": min(n, big_n) * p, "baseline": n * b}[pool_on] < min_expected
        if small:
            po += o
            pr += rr
            pooled = True
            continue
        x2 += term(o, rr, p)
        bins += 1
    inverse = 0.0
    if pooled:
        x2 += term(po, pr, (po + pr) / total)
        bins += 1
        inverse += total / (po + pr)
    if bins < 2:
        return 0.0, 0, 1.0
    df = bins - 1
    if scaled:
        for o, rr, b in zip(window, r, shares):
            p = (o + rr) / total
            if p > 0 and not ({"window": n * p, "both": min(n, big_n) * p, "baseline": n * b}[pool_on] < min_expected):
                inverse += 1 / p
        variance = 2 * df + (inverse - bins * bins - 2 * bins + 2) * (1 / n + 1 / big_n)
        a = max(variance, 1e-9) / (2 * df)
        return x2, df, gammq(df / a / 2, x2 / a / 2)
    p = gammq(df / 2, x2 / 2)
    return x2, df, (0.0 if p < 2.2250738585072014e-308 else p)


VARIANTS = {
    "design": dict(),
    "pool-both": dict(pool_on="both"),
    "pool-baseline": dict(pool_on="baseline"),
    "min10": dict(min_expected=10.0),
    "min20": dict(min_expected=20.0),
    "scaled": dict(scaled=True),
    "scaled-pool-baseline": dict(scaled=True, pool_on="baseline"),
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--windows", type=int, default=10_000)
    ap.add_argument("--references", type=int, default=10)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--n", default="500,1000,10000")
    ap.add_argument("--N", default="100000")
    ap.add_argument("--baseline", default="sampled", choices=["sampled", "exact"])
    ap.add_argument("--variants", default="design")
    ap.add_argument("--dump")
    ap.add_argument("--dump-count", type=int, default=2000)
    args = ap.parse_args()

    weights = [1 / k for k in range(1, CATEGORIES + 1)]
    h = sum(weights)
    probs = [w / h for w in weights]
    cum = []
    acc = 0.0
    for w in probs:
        acc += w
        cum.append(acc)
    cum[-1] = 1.0
    rng = random.Random(args.seed)

    def draw_counts(size):
        counts = [0] * CATEGORIES
        for _ in range(size):
            counts[bisect.bisect_right(cum, rng.random())] += 1
        return counts

    variants = args.variants.split(",")
    dump = open(args.dump, "w") if args.dump else None
    dumped = 0
    print(f"| baseline | N | n | windows | " + " | ".join(f"{v} p<{l:g}" for v in variants for l in LEVELS) + " | mean df |")
    print("| --- | ---: | ---: | ---: |" + " ---: |" * (len(variants) * len(LEVELS)) + " ---: |")
    for big_n in (int(x) for x in args.N.split(",")):
        refs = []
        for _ in range(args.references):
            if args.baseline == "exact":
                shares, layout = list(probs) + [0.0, 0.0], list(range(CATEGORIES))
            else:
                rc = draw_counts(big_n)
                seen = [k for k in range(CATEGORIES) if rc[k] > 0]
                unseen = CATEGORIES - len(seen)
                shares = [rc[k] / big_n for k in seen] + [0.0, 0.0]  # + other (nothing unseen counted) + missing
                layout = [seen.index(k) if rc[k] > 0 else len(seen) for k in range(CATEGORIES)]
            refs.append((shares, layout))
        for n in (int(x) for x in args.n.split(",")):
            below = {v: [0] * len(LEVELS) for v in variants}
            dfs = 0
            for w in range(args.windows):
                shares, layout = refs[w % len(refs)]
                window = [0] * len(shares)
                for _ in range(n):
                    window[layout[bisect.bisect_right(cum, rng.random())]] += 1
                for v in variants:
                    x2, df, p = two_sample(window, shares, big_n, **VARIANTS[v])
                    if v == "design":
                        dfs += df
                        if dump and dumped < args.dump_count:
                            dump.write(json.dumps({"shares": shares, "count": big_n, "window": window,
                                                   "x2": x2, "df": df, "p": p}) + "\n")
                            dumped += 1
                    for i, level in enumerate(LEVELS):
                        if p < level:
                            below[v][i] += 1
            cells = " | ".join(f"{below[v][i] / args.windows * 100:.3f}%" for v in variants for i in range(len(LEVELS)))
            print(f"| {args.baseline} | {big_n:,} | {n:,} | {args.windows:,} | {cells} | {dfs / args.windows:.1f} |", flush=True)
    if dump:
        dump.close()


if __name__ == "__main__":
    main()

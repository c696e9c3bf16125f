using DriftWatch.Core.Baselines;
using DriftWatch.Core.Policy;
using DriftWatch.Hosting;
using DriftWatch.Status;
using DriftWatch.Core.Scoring;

namespace DriftWatch.Tests.Hosting;

public sealed class PsiHistoryTests
{
    /// <summary>A scored window of numeric features with the given PSI (null: an empty window).</summary>
    internal static WindowReport Report(params (string Name, double? Psi)[] features)
    {
        var baselines = features.Select(f => new FeatureBaseline { Name = f.Name, Kind = FeatureKind.Numeric, Count = 1000, Edges = [1], Proportions = [0.5, 0.5] }).ToArray();
        var baseline = new Baseline { Model = "m", Version = "1", Features = baselines };
        return new WindowReport(baseline, [.. features.Select((f, i) => new FeatureReport(baselines[i],
            f.Psi is { } psi ? new FeatureScore(1000, 0, new DriftMetrics(psi, psi / 2, psi / 8, 0.1, 12, 2, 0.01), 1, 0.5, 0.6) : new FeatureScore(0, 0, null, -1, 0, 0),
            f.Psi is null ? Verdict.Insufficient : Verdict.Ok))]);
    }

    public sealed class Record
    {
        [Fact]
        public void KeepsEachFeaturesValuesOldestFirstNaNForAnEmptyWindow()
        {
            var history = new PsiHistory(Report(("a", 0.1), ("b", 0.2)));
            history.Record(Report(("a", 0.1), ("b", 0.2)));
            history.Record(Report(("a", 0.3), ("b", null)));
            Assert.Equal([0.1, 0.3], history.Snapshot(0));
            var b = history.Snapshot(1);
            Assert.Equal(0.2, b[0]);
            Assert.True(double.IsNaN(b[1]));
        }

        [Fact]
        public void KeepsOnlyTheLastSixty()
        {
            var history = new PsiHistory(Report(("a", 0)));
            for (int i = 0; i < 150; i++) history.Record(Report(("a", i)));
            var a = history.Snapshot(0);
            Assert.Equal(PsiHistory.Capacity, a.Length);
            Assert.Equal(Enumerable.Range(90, 60).Select(i => (double)i), a);
        }

        [Fact]
        public void SnapshotIsACopy()
        {
            var history = new PsiHistory(Report(("a", 0)));
            history.Record(Report(("a", 1)));
            var before = history.Snapshot(0);
            history.Record(Report(("a", 2)));
            Assert.Equal([1.0], before);
        }
    }

    public sealed class Matches
    {
        [Fact]
        public void SameNamesInOrderOnly()
        {
            var history = new PsiHistory(Report(("a", 0), ("b", 0)));
            Assert.True(history.Matches(Report(("a", 1), ("b", 1))));
            Assert.False(history.Matches(Report(("b", 1), ("a", 1))));
            Assert.False(history.Matches(Report(("a", 1))));
        }
    }
}

using DriftWatch.Core.Options;

namespace DriftWatch.Core.Baselines;

/// <summary>Checks a baseline before it is used or published; every problem is named by its JSON path.</summary>
public static class BaselineValidator
{
    /// <summary>Shares must sum to 1 within this.</summary>
    public const double SumTolerance = 1e-6;

    /// <summary>Bounds on sizes, so a hostile baseline cannot exhaust memory.</summary>
    public const int MaxFeatures = 10_000;

    public const int MaxBinsPerFeature = 4_096;

    /// <summary>Value bins of all features: each is a counter in every pane of the version's windows (8 bytes × (K + 1)).</summary>
    public const int MaxBins = 262_144;

    public const int MaxNameLength = 1_024;

    /// <summary>A baseline file or baselines-topic record: 64 MiB, several times the largest baseline the other limits allow.</summary>
    public const int MaxBytes = 64 << 20;

    /// <summary>Problems listed at most; past them a hostile baseline is not checked further.</summary>
    public const int MaxProblems = 100;

    /// <summary>All problems found, empty when the baseline is valid.</summary>
    public static IReadOnlyList<string> Validate(Baseline baseline)
    {
        ArgumentNullException.ThrowIfNull(baseline);
        var errors = new List<string>();
        CheckName(errors, "model", baseline.Model);
        CheckName(errors, "version", baseline.Version);
        if (baseline.RollbackTo is { } target)
        {
            CheckName(errors, "rollbackTo", target);
            if (target == baseline.Version) errors.Add($"rollbackTo: names the version itself ({target})");
        }
        if (baseline.SampleCount < 0) errors.Add($"sampleCount: {baseline.SampleCount} must not be negative");
        if (!Enum.IsDefined(baseline.Stage)) errors.Add($"stage: {baseline.Stage} is not one of shadow, canary, production, archived");

        var features = baseline.Features;
        if (features is null || features.Length == 0)
            errors.Add("features: a baseline needs at least one feature");
        else if (features.Length > MaxFeatures)
            errors.Add($"features: {features.Length} features; at most {MaxFeatures} are allowed");
        else
        {
            var names = new HashSet<string>(StringComparer.Ordinal);
            long bins = 0;
            for (int i = 0; i < features.Length && errors.Count < MaxProblems; i++)
            {
                var f = features[i];
                if (f is not null && TooLarge(f) is null) bins += f.Proportions?.Length ?? 0;
                string at = f?.Name is { Length: > 0 } n ? $"features[{i}] ({n})" : $"features[{i}]";
                if (f is null) { errors.Add($"{at}: null"); continue; }
                CheckName(errors, $"{at}.name", f.Name);
                if (f.Name is not null && !names.Add(f.Name)) errors.Add($"{at}.name: duplicate feature {f.Name}");
                CheckFeature(errors, at, f);
            }
            if (bins > MaxBins) errors.Add($"features: {bins} bins in all; at most {MaxBins} are allowed");
        }

        if (baseline.Policy is { } policy && errors.Count < MaxProblems) CheckPolicy(errors, policy, features);
        if (errors.Count > MaxProblems) errors.RemoveRange(MaxProblems, errors.Count - MaxProblems);
        return errors;
    }

    private static void CheckFeature(List<string> errors, string at, FeatureBaseline f)
    {
        if (f.Count <= 0) errors.Add($"{at}.count: {f.Count} must be at least 1 (the reference values counted)");
        if (f.Proportions is null) { errors.Add($"{at}.proportions: missing"); return; }
        if (TooLarge(f) is { } tooLarge)
        {
            errors.Add($"{at}.{tooLarge}");
            return;
        }

        double sum = f.Missing;
        CheckShare(errors, $"{at}.missing", f.Missing);
        for (int i = 0; i < f.Proportions.Length && errors.Count < MaxProblems; i++)
        {
            CheckShare(errors, $"{at}.proportions[{i}]", f.Proportions[i]);
            sum += f.Proportions[i];
        }

        switch (f.Kind)
        {
            case FeatureKind.Numeric:
                if (f.Categories is not null || f.Other is not null) errors.Add($"{at}: a numeric feature has no categories or other");
                if (f.Edges is null) { errors.Add($"{at}.edges: missing"); break; }
                if (f.Proportions.Length != f.Edges.Length + 1)
                    errors.Add($"{at}.proportions: {f.Proportions.Length} shares for {f.Edges.Length} edges; expected {f.Edges.Length + 1}");
                for (int i = 0; i < f.Edges.Length && errors.Count < MaxProblems; i++)
                {
                    if (!double.IsFinite(f.Edges[i])) errors.Add($"{at}.edges[{i}]: {f.Edges[i]} is not a finite number");
                    else if (i > 0 && !(f.Edges[i] > f.Edges[i - 1]))
                        errors.Add($"{at}.edges[{i}]: {f.Edges[i]} must be greater than edges[{i - 1}] ({f.Edges[i - 1]}); edges are strictly increasing");
                }
                break;
            case FeatureKind.Categorical:
                if (f.Edges is not null) errors.Add($"{at}: a categorical feature has no edges");
                if (f.Categories is null) { errors.Add($"{at}.categories: missing"); break; }
                if (f.Proportions.Length != f.Categories.Length)
                    errors.Add($"{at}.proportions: {f.Proportions.Length} shares for {f.Categories.Length} categories; expected one each");
                var seen = new HashSet<string>(StringComparer.Ordinal);
                for (int i = 0; i < f.Categories.Length && errors.Count < MaxProblems; i++)
                {
                    if (f.Categories[i] is null) errors.Add($"{at}.categories[{i}]: null");
                    else if (!seen.Add(f.Categories[i])) errors.Add($"{at}.categories[{i}]: duplicate category {f.Categories[i]}");
                }
                if (f.Other is not { } other) errors.Add($"{at}.other: missing");
                else
                {
                    CheckShare(errors, $"{at}.other", other);
                    sum += other;
                }
                break;
            default:
                errors.Add($"{at}.kind: {f.Kind} is not numeric or categorical");
                return;
        }

        if (double.IsFinite(sum) && Math.Abs(sum - 1) > SumTolerance)
            errors.Add($"{at}: shares (proportions, {(f.Kind == FeatureKind.Categorical ? "other, " : "")}missing) sum to {sum:R}; they must sum to 1 ± {SumTolerance:0e0}");
    }

    /// <summary>What is over the bins limit of a feature, before anything is checked element by element.</summary>
    private static string? TooLarge(FeatureBaseline f) =>
        f.Edges?.Length >= MaxBinsPerFeature ? $"edges: {f.Edges.Length} edges; at most {MaxBinsPerFeature - 1} are allowed"
        : f.Categories?.Length > MaxBinsPerFeature ? $"categories: {f.Categories.Length} categories; at most {MaxBinsPerFeature} are allowed"
        : f.Proportions?.Length > MaxBinsPerFeature ? $"proportions: {f.Proportions.Length} bins; at most {MaxBinsPerFeature} are allowed"
        : null;

    private static void CheckPolicy(List<string> errors, BaselinePolicy policy, FeatureBaseline[]? features)
    {
        if (policy.Thresholds is { } overrides)
        {
            var merged = new ThresholdOptions().With(overrides);
            foreach (string problem in ThresholdOptionsValidator.Problems(merged))
                errors.Add($"policy.{problem} (with the defaults for the keys the policy does not set)");
        }
        if (policy.Windows is { } windows)
        {
            // The baseline does not know the worker's Windows:Mode: sizes must make sense in one of them.
            var asCount = WindowOptionsValidator.Problems(new WindowOptions { Mode = WindowMode.Count }.With(windows));
            var asTime = WindowOptionsValidator.Problems(new WindowOptions { Mode = WindowMode.Time }.With(windows));
            if (asCount.Count > 0 && asTime.Count > 0)
                foreach (string problem in asCount) errors.Add($"policy.{problem} (with the defaults for the keys the policy does not set)");
        }
        if (policy.Rollback is { } rollback)
            foreach (string problem in RollbackOptionsValidator.Problems(new RollbackOptions().With(rollback)))
                errors.Add($"policy.{problem}");
        if (policy.Ignore is { } ignore && features is not null)
        {
            var known = features.Where(f => f?.Name is not null).Select(f => f.Name).ToHashSet(StringComparer.Ordinal);
            foreach (string name in ignore)
            {
                if (errors.Count >= MaxProblems) break;
                if (name is null || !known.Contains(name)) errors.Add($"policy.Ignore: {name ?? "null"} is not a feature of this baseline");
            }
            var ignored = ignore.Where(n => n is not null).ToHashSet(StringComparer.Ordinal); // not Contains on the array: features × ignore
            if (features.Length > 0 && features.All(f => f?.Name is not null && ignored.Contains(f.Name)))
                errors.Add("policy.Ignore: ignores every feature; nothing would be monitored");
        }
    }

    private static void CheckShare(List<string> errors, string at, double share)
    {
        if (!double.IsFinite(share) || share < 0 || share > 1) errors.Add($"{at}: {share} must be a share between 0 and 1");
    }

    private static void CheckName(List<string> errors, string at, string? name)
    {
        if (string.IsNullOrEmpty(name)) errors.Add($"{at}: missing or empty");
        else if (name.Length > MaxNameLength) errors.Add($"{at}: {name.Length} characters; at most {MaxNameLength} are allowed");
    }
}

using DriftWatch.Core.Options;

namespace DriftWatch.Core.Tests.Options;

public class ThresholdOptionsValidatorTests
{
    private static ThresholdOptions With(string key, double value)
    {
        var o = new ThresholdOptions();
        switch (key)
        {
            case "Mode": o.Mode = (ThresholdMode)(int)value; break;
            case "PsiWarning": o.PsiWarning = value; break;
            case "PsiCritical": o.PsiCritical = value; break;
            case "KlWarning": o.KlWarning = value; break;
            case "KlCritical": o.KlCritical = value; break;
            case "MinSamples": o.MinSamples = (long)value; break;
            case "Debounce": o.Debounce = (int)value; break;
            case "Hysteresis": o.Hysteresis = (int)value; break;
            case "Alpha": o.Alpha = value; break;
            case "WarningAlpha": o.WarningAlpha = value; break;
            case "CriticalAlpha": o.CriticalAlpha = value; break;
            case "MinPsi": o.MinPsi = value; break;
            default: throw new ArgumentException(key, nameof(key));
        }
        return o;
    }

    public class Problems
    {
        [Fact]
        public void FindsNothingWrongWithTheDefaults() => Assert.Empty(ThresholdOptionsValidator.Problems(new ThresholdOptions()));

        /// <summary>Every message names the key and its value, and says what is allowed (STYLE.md "Hosting &amp; configuration").</summary>
        [Theory]
        [InlineData("PsiCritical", 0.05, "Thresholds:PsiCritical (0.05) must not be less than Thresholds:PsiWarning (0.1)")]
        [InlineData("KlCritical", 0.05, "Thresholds:KlCritical (0.05) must not be less than Thresholds:KlWarning (0.1)")]
        [InlineData("PsiWarning", 0, "Thresholds:PsiWarning (0) must be a number greater than 0")]
        [InlineData("PsiWarning", double.NaN, "Thresholds:PsiWarning (NaN) must be a number greater than 0")]
        [InlineData("KlWarning", -0.5, "Thresholds:KlWarning (-0.5) must be a number greater than 0")]
        [InlineData("MinPsi", 0, "Thresholds:MinPsi (0) must be a number greater than 0")]
        [InlineData("MinSamples", 0, "Thresholds:MinSamples (0) must be at least 1 value")]
        [InlineData("Debounce", 0, "Thresholds:Debounce (0) must be at least 1 window")]
        [InlineData("Hysteresis", -1, "Thresholds:Hysteresis (-1) must be at least 1 window")]
        [InlineData("Alpha", 1, "Thresholds:Alpha (1) must be in [0, 1); 0 turns the significance gate off")]
        [InlineData("Alpha", -0.01, "Thresholds:Alpha (-0.01) must be in [0, 1); 0 turns the significance gate off")]
        [InlineData("WarningAlpha", 1.5, "Thresholds:WarningAlpha (1.5) must be a probability in (0, 1)")]
        [InlineData("CriticalAlpha", 0.01, "Thresholds:CriticalAlpha (0.01) must not be greater than Thresholds:WarningAlpha (0.001)")]
        [InlineData("Mode", 5, "Thresholds:Mode (5) must be fixed or calibrated")]
        public void NamesTheKeyAndTheValue(string key, double value, string message) =>
            Assert.Equal([message], ThresholdOptionsValidator.Problems(With(key, value)));

        [Fact]
        public void AcceptsAlphaZeroAndEqualThresholds()
        {
            Assert.Empty(ThresholdOptionsValidator.Problems(With("Alpha", 0)));
            Assert.Empty(ThresholdOptionsValidator.Problems(With("PsiCritical", 0.1)));
        }

        [Fact]
        public void GathersEveryProblem()
        {
            var o = new ThresholdOptions { PsiWarning = 0.5, KlCritical = 0.01, Debounce = 0, CriticalAlpha = 0 };
            Assert.Equal(
            [
                "Thresholds:PsiCritical (0.25) must not be less than Thresholds:PsiWarning (0.5)",
                "Thresholds:KlCritical (0.01) must not be less than Thresholds:KlWarning (0.1)",
                "Thresholds:Debounce (0) must be at least 1 window",
                "Thresholds:CriticalAlpha (0) must be a probability in (0, 1)",
            ], ThresholdOptionsValidator.Problems(o));
        }
    }

    public class Validate
    {
        [Fact]
        public void SucceedsForTheDefaults() => Assert.True(new ThresholdOptionsValidator().Validate(null, new ThresholdOptions()).Succeeded);

        [Fact]
        public void FailsWithEveryProblem()
        {
            var result = new ThresholdOptionsValidator().Validate(null, new ThresholdOptions { MinSamples = 0, Hysteresis = 0 });
            Assert.True(result.Failed);
            Assert.Equal(["Thresholds:MinSamples (0) must be at least 1 value", "Thresholds:Hysteresis (0) must be at least 1 window"], result.Failures!);
        }
    }
}

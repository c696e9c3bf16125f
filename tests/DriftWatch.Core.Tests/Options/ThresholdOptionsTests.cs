using DriftWatch.Core.Options;

namespace DriftWatch.Core.Tests.Options;

public class ThresholdOptionsTests
{
    public class Defaults
    {
        [Fact]
        public void AreTheDesignsDefaults()
        {
            var o = new ThresholdOptions();
            Assert.Equal(
                (ThresholdMode.Fixed, 0.1, 0.25, 0.1, 0.5, 500L, 2, 3, 0.01, 0.001, 1e-6, 0.01),
                (o.Mode, o.PsiWarning, o.PsiCritical, o.KlWarning, o.KlCritical, o.MinSamples, o.Debounce, o.Hysteresis, o.Alpha, o.WarningAlpha, o.CriticalAlpha, o.MinPsi));
        }
    }

    public class With
    {
        [Fact]
        public void ReplacesOnlyTheKeysTheOverridesSet()
        {
            var configured = new ThresholdOptions { PsiWarning = 0.15, Alpha = 0.05 };
            var merged = configured.With(new ThresholdOverrides { PsiWarning = 0.2, Mode = ThresholdMode.Calibrated, MinSamples = 100 });

            Assert.Equal(0.2, merged.PsiWarning);
            Assert.Equal(ThresholdMode.Calibrated, merged.Mode);
            Assert.Equal(100, merged.MinSamples);
            Assert.Equal(0.05, merged.Alpha); // the configuration's value, not the default
            Assert.Equal(0.25, merged.PsiCritical);
            Assert.Equal(0.15, configured.PsiWarning); // the configuration itself is untouched
        }

        [Fact]
        public void ReturnsTheSameOptionsWithoutOverrides()
        {
            var configured = new ThresholdOptions();
            Assert.Same(configured, configured.With(null));
        }
    }
}

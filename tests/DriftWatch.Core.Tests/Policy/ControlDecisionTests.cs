using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using DriftWatch.Core.Policy;
using DriftWatch.Core.Windows;

namespace DriftWatch.Core.Tests.Policy;

public class ControlDecisionTests
{
    private static ControlDecision Decision(
        string incidentId = "credit-scoring@1.4.0/7", DecisionType type = DecisionType.DriftCritical, string transition = "escalated",
        long windowSequence = 42, FeatureState severity = FeatureState.Critical, IReadOnlyList<FeatureSnapshot>? features = null) =>
        new(type, "credit-scoring", "1.4.0", incidentId, transition, severity,
            new WindowInfo(windowSequence, new DateTimeOffset(2026, 11, 22, 10, 0, 0, TimeSpan.Zero), new DateTimeOffset(2026, 11, 22, 10, 1, 0, TimeSpan.Zero), 10_000),
            features ?? []);

    /// <summary>The definition (DESIGN.md "Control topic"), computed here apart from Core: the first 32 hex digits of the SHA-256.</summary>
    private static string Expected(string text)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes(text));
        var hex = new StringBuilder();
        foreach (byte b in hash) hex.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return hex.ToString(0, 32);
    }

    public class Id
    {
        [Fact]
        public void IsTheFirst32HexDigitsOfTheSha256OfIncidentTypeTransitionAndWindowEnd()
        {
            Assert.Equal(
                Expected("credit-scoring@1.4.0/7|io.driftwatch.drift.critical|escalated|42"),
                Decision().Id);
        }

        [Fact]
        public void Is32LowercaseHexDigits()
        {
            foreach (var type in Enum.GetValues<DecisionType>())
                Assert.Matches(new Regex("^[0-9a-f]{32}$"), Decision(type: type).Id);
        }

        [Fact]
        public void HashesTheUtf8OfTheIncidentId()
        {
            Assert.Equal(Expected("modèle-ü@1/1|io.driftwatch.drift.warning|opened|3"),
                Decision("modèle-ü@1/1", DecisionType.DriftWarning, "opened", 3).Id);
        }

        [Fact]
        public void IsTheSameForTheSameIncidentTypeTransitionAndWindowWhateverElseDiffers()
        {
            var a = Decision(severity: FeatureState.Critical);
            var b = Decision(severity: FeatureState.Warning,
                features: [new FeatureSnapshot("income", FeatureState.Critical, 0.4, 0.3, 0.1, 1e-9, "[0, 1)", 0.1, 0.3)])
                with { Reason = "x", Window = a.Window with { Samples = 7, Start = null } };
            Assert.Equal(a.Id, b.Id);
            Assert.Equal(a.Id, Decision().Id);
        }

        [Theory]
        [InlineData("credit-scoring@1.4.0/8", DecisionType.DriftCritical, "escalated", 42)]
        [InlineData("credit-scoring@1.4.1/7", DecisionType.DriftCritical, "escalated", 42)]
        [InlineData("credit-scoring@1.4.0/7", DecisionType.DriftWarning, "escalated", 42)]
        [InlineData("credit-scoring@1.4.0/7", DecisionType.RollbackRequested, "escalated", 42)]
        [InlineData("credit-scoring@1.4.0/7", DecisionType.DriftCritical, "opened", 42)]
        [InlineData("credit-scoring@1.4.0/7", DecisionType.DriftCritical, "escalated", 43)]
        [InlineData("credit-scoring@1.4.0/7", DecisionType.DriftCritical, "escalated", 4)]
        public void DiffersWhenAnyOfTheFourDiffers(string incidentId, DecisionType type, string transition, long windowSequence)
        {
            var other = Decision(incidentId, type, transition, windowSequence);
            Assert.NotEqual(Decision().Id, other.Id);
            Assert.Equal(Expected($"{incidentId}|{type.CloudEventType()}|{transition}|{windowSequence}"), other.Id);
        }
    }

    public class IdFor
    {
        [Fact]
        public void IsWhatIdUsesForTheDecisionsCloudEventTypeAndWindowSequence()
        {
            var d = Decision();
            Assert.Equal(ControlDecision.IdFor(d.IncidentId, "io.driftwatch.drift.critical", "escalated", "42"), d.Id);
        }
    }

    public class CloudEventType
    {
        [Theory]
        [InlineData(DecisionType.DriftWarning, "io.driftwatch.drift.warning")]
        [InlineData(DecisionType.DriftCritical, "io.driftwatch.drift.critical")]
        [InlineData(DecisionType.DriftResolved, "io.driftwatch.drift.resolved")]
        [InlineData(DecisionType.RollbackRequested, "io.driftwatch.rollback.requested")]
        [InlineData(DecisionType.RollbackDryRun, "io.driftwatch.rollback.dryrun")]
        [InlineData(DecisionType.RollbackUnavailable, "io.driftwatch.rollback.unavailable")]
        public void IsTheDesignsTypeName(DecisionType type, string expected) => Assert.Equal(expected, Decision(type: type).CloudEventType);
    }

    public class Subject
    {
        [Fact]
        public void IsModelAtVersion() => Assert.Equal("credit-scoring@1.4.0", Decision().Subject);
    }
}

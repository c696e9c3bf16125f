namespace DriftWatch.Core.Tests;

public class ClosestNameTests
{
    private static readonly string[] s_sections = ["Kafka", "Topics", "Windows", "Decoding", "Checkpoint", "Thresholds", "Rollback", "Webhooks", "Metrics"];

    public class Among
    {
        [Theory]
        [InlineData("Threshold", "Thresholds")] // a letter dropped
        [InlineData("Windowss", "Windows")]     // one added
        [InlineData("Metrix", "Metrics")]       // one changed
        [InlineData("Kakfa", "Kafka")]          // two swapped
        [InlineData("thresholds", "Thresholds")] // case alone
        [InlineData("Chekpoint", "Checkpoint")]
        public void FindsTheNameOneEditAway(string given, string expected) => Assert.Equal(expected, ClosestName.Among(given, s_sections));

        [Theory]
        [InlineData("Bogus")]
        [InlineData("Logging")]
        [InlineData("Thr")]
        [InlineData("")]
        public void IsNullWhenNothingIsClose(string given) => Assert.Null(ClosestName.Among(given, s_sections));

        [Fact]
        public void AllowsOneEditPerThreeLetters()
        {
            Assert.Equal("PsiWarning", ClosestName.Among("PsyWarnin", ["PsiWarning"]));  // 2 edits in 10 letters
            Assert.Null(ClosestName.Among("PsyWorn", ["PsiWarning"]));                   // 5 edits
            Assert.Null(ClosestName.Among("Pt", ["Url"]));                              // 1 letter: 1 edit at most, 2 needed
        }

        [Fact]
        public void PrefersTheNearestThenTheFirstListed()
        {
            Assert.Equal("PsiCritical", ClosestName.Among("PsiCritica", ["KlCritical", "PsiCritical"]));
            Assert.Equal("Alpha", ClosestName.Among("Alphb", ["Alpha", "Alphc"]));
        }

        [Fact]
        public void IgnoresAHugeName() => Assert.Null(ClosestName.Among(new string('K', 1_000_000), s_sections));
    }

    public class Distance
    {
        [Theory]
        [InlineData("", "", 0)]
        [InlineData("abc", "", 3)]
        [InlineData("", "abc", 3)]
        [InlineData("kitten", "sitting", 3)]
        [InlineData("ca", "ac", 1)]
        [InlineData("abc", "ca", 3)] // optimal string alignment: no edit of a swapped pair
        [InlineData("KAFKA", "kafka", 0)]
        public void CountsEdits(string a, string b, int expected)
        {
            Assert.Equal(expected, ClosestName.Distance(a, b));
            Assert.Equal(expected, ClosestName.Distance(b, a));
        }
    }
}

using DriftWatch.Pages;

namespace DriftWatch.Tests.Pages;

public sealed class HtmlTests
{
    public sealed class Encode
    {
        [Fact]
        public void EscapesMarkupAndQuotes() => Assert.Equal("&lt;script&gt;a(&quot;x&quot;, &#39;y&#39;) &amp;&lt;/script&gt;", Html.Encode("<script>a(\"x\", 'y') &</script>"));

        [Fact]
        public void NullIsEmpty() => Assert.Equal("", Html.Encode(null));
    }

    public sealed class PValue
    {
        [Theory]
        [InlineData(0.5, "0.5000")]
        [InlineData(1.2854814372750918e-60, "1.285e-60")]
        [InlineData(0.0, "&lt; 2.2e-308")]
        [InlineData(null, "—")]
        public void ReadsAsTheTableDoes(double? p, string expected) => Assert.Equal(expected, Html.PValue(p));
    }

    public sealed class Number
    {
        [Fact]
        public void FourDecimalsOrADash()
        {
            Assert.Equal("0.2419", Html.Number(0.2418675100867598));
            Assert.Equal("—", Html.Number(null));
            Assert.Equal("—", Html.Number(double.NaN));
        }
    }
}

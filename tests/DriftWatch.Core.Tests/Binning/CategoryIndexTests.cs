using System.Text;
using DriftWatch.Core.Binning;
using FsCheck.Xunit;

namespace DriftWatch.Core.Tests.Binning;

public class CategoryIndexTests
{
    private static int FindUtf8(CategoryIndex index, string name) => index.Find(Encoding.UTF8.GetBytes(name));

    public class Other
    {
        [Fact]
        public void IsTheNumberOfCategories()
        {
            Assert.Equal(3, new CategoryIndex(["a", "b", "c"]).Other);
            Assert.Equal(0, new CategoryIndex([]).Other);
        }
    }

    public class Find
    {
        [Fact]
        public void FindsACategoryFromItsUtf8BytesOrItsString()
        {
            var index = new CategoryIndex(["AT", "DE", "日本", "é"]);
            Assert.Equal(1, FindUtf8(index, "DE"));
            Assert.Equal(2, FindUtf8(index, "日本"));
            Assert.Equal(3, FindUtf8(index, "é"));
            Assert.Equal(2, index.Find("日本"));
        }

        [Fact]
        public void ReturnsOtherForAnUnknownName()
        {
            var index = new CategoryIndex(["AT", "DE"]);
            Assert.Equal(index.Other, FindUtf8(index, "at"));
            Assert.Equal(index.Other, FindUtf8(index, ""));
            Assert.Equal(index.Other, FindUtf8(index, "ATX")); // longer than any category
            Assert.Equal(index.Other, index.Find("FR"));
            Assert.Equal(index.Other, index.Find([0xC3])); // a broken UTF-8 sequence is no category
        }

        [Fact]
        public void FindsNamesLongerThanItsStackBuffer()
        {
            string longName = new('x', 1000), other = new string('x', 999) + "y";
            var index = new CategoryIndex(["short", longName]);
            Assert.Equal(1, FindUtf8(index, longName));
            Assert.Equal(index.Other, FindUtf8(index, other));
        }

        [Fact]
        public void KeepsTheFirstIndexOfARepeatedName()
        {
            var index = new CategoryIndex(["a", "b", "a"]);
            Assert.Equal(0, FindUtf8(index, "a"));
            Assert.Equal(3, index.Other);
        }

        /// <summary>Any list of well-formed names: each name's UTF-8 bytes find the first index it has, and its string the same.</summary>
        [Property(Replay = "(4242,9)", MaxTest = 300)]
        public bool FindsEveryNameOfAnyList(string[] names)
        {
            string[] wellFormed = [.. names.Where(n => n is not null && IsWellFormed(n))];
            var index = new CategoryIndex(wellFormed);
            for (int i = 0; i < wellFormed.Length; i++)
            {
                int first = Array.IndexOf(wellFormed, wellFormed[i]);
                if (FindUtf8(index, wellFormed[i]) != first || index.Find(wellFormed[i]) != first) return false;
            }
            return true;
        }

        private static bool IsWellFormed(string s)
        {
            try
            {
                new UTF8Encoding(false, throwOnInvalidBytes: true).GetByteCount(s);
                return true;
            }
            catch (EncoderFallbackException)
            {
                return false;
            }
        }
    }
}

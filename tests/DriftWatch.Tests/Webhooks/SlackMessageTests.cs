using System.Text.Json;
using DriftWatch.Webhooks;

namespace DriftWatch.Tests.Webhooks;

/// <summary>What Slack is sent: text it parses carries no mention, link or markup from a model's or feature's name.</summary>
public sealed class SlackMessageTests
{
    public sealed class Encode
    {
        private static readonly JsonElement s_hostile = JsonDocument.Parse(SlackMessage.Encode(SampleDecisions.RollbackRequested() with
        {
            Model = "<!channel> ranker",
            Version = "1.0 <@U024BE7LH>",
            IncidentId = "<!channel> ranker@1.0 <@U024BE7LH>/7",
            ToVersion = "<https://evil.example|0.9>",
            Reason = "a & b",
            Features = [SampleDecisions.Income(Core.Policy.FeatureState.Critical, 0.4) with { Name = "<!here>" }],
        })).RootElement;

        [Fact]
        public void EscapesTheNotificationText()
        {
            Assert.Equal(":rewind: Rollback requested: &lt;!channel&gt; ranker 1.0 &lt;@U024BE7LH&gt; → &lt;https://evil.example|0.9&gt;",
                s_hostile.GetProperty("text").GetString());
        }

        [Fact]
        public void EscapesEveryMarkdownField()
        {
            var blocks = s_hostile.GetProperty("blocks");
            var fields = blocks[1].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()).ToList();
            Assert.Contains("*Model*\n&lt;!channel&gt; ranker", fields);
            Assert.Contains("*Version*\n1.0 &lt;@U024BE7LH&gt;", fields);
            Assert.Contains("*Rollback to*\n&lt;https://evil.example|0.9&gt;", fields);
            Assert.Contains("*Reason*\na &amp; b", fields);
            Assert.StartsWith("*Features not ok*\n• `&lt;!here&gt;` critical", blocks[2].GetProperty("text").GetProperty("text").GetString(), StringComparison.Ordinal);
            Assert.Contains("incident `&lt;!channel&gt; ranker@1.0 &lt;@U024BE7LH&gt;/7`", blocks[3].GetProperty("elements")[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        }

        [Fact]
        public void LeavesNoUnescapedAngleBracketInParsedText()
        {
            var blocks = s_hostile.GetProperty("blocks");
            var parsed = new List<string?> { s_hostile.GetProperty("text").GetString(), blocks[2].GetProperty("text").GetProperty("text").GetString(),
                blocks[3].GetProperty("elements")[0].GetProperty("text").GetString() };
            parsed.AddRange(blocks[1].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()));
            Assert.All(parsed, text => Assert.DoesNotContain('<', text!));
            Assert.All(parsed, text => Assert.DoesNotContain('>', text!));
        }

        [Fact]
        public void KeepsTheHeaderPlainTextAsItIs()
        {
            // plain_text is shown as it is and never parsed for mentions: escaping it would show "&lt;".
            var header = s_hostile.GetProperty("blocks")[0].GetProperty("text");
            Assert.Equal("plain_text", header.GetProperty("type").GetString());
            Assert.Contains("<!channel> ranker", header.GetProperty("text").GetString(), StringComparison.Ordinal);
        }
    }
}

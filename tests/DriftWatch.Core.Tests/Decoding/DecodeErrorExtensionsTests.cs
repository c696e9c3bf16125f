using DriftWatch.Core.Decoding;

namespace DriftWatch.Core.Tests.Decoding;

public class DecodeErrorExtensionsTests
{
    public static TheoryData<DecodeError, string, string> Descriptions => new()
    {
        { DecodeError.None, "ok", "none" },
        { DecodeError.NotJson, "not JSON", "not_json" },
        { DecodeError.NotAnObject, "not a JSON object", "not_object" },
        { DecodeError.TooLarge, "over Decoding:MaxEventBytes", "too_large" },
        { DecodeError.ModelMissing, "model: missing", "model_missing" },
        { DecodeError.ModelNotString, "model: not a string", "model_not_string" },
        { DecodeError.VersionMissing, "version: missing", "version_missing" },
        { DecodeError.VersionNotString, "version: not a string", "version_not_string" },
        { DecodeError.FeaturesNotObject, "features: not an object", "features_not_object" },
        { DecodeError.TimestampInvalid, "ts: neither an ISO-8601 time nor epoch milliseconds", "ts_invalid" },
    };

    public class Describe
    {
        [Theory]
        [MemberData(nameof(Descriptions), MemberType = typeof(DecodeErrorExtensionsTests))]
        public void NamesTheFieldAndTheReason(DecodeError error, string description, string code)
        {
            Assert.Equal(description, error.Describe());
            Assert.NotEmpty(code);
        }

        [Fact]
        public void CoversEveryError() =>
            Assert.Equal(Enum.GetValues<DecodeError>().Length, Descriptions.Count);
    }

    public class Code
    {
        [Theory]
        [MemberData(nameof(Descriptions), MemberType = typeof(DecodeErrorExtensionsTests))]
        public void IsAStableSnakeCaseName(DecodeError error, string description, string code)
        {
            Assert.Equal(code, error.Code());
            Assert.NotEmpty(description);
        }

        [Fact]
        public void NamesAnUnknownValue() => Assert.Equal("unknown", ((DecodeError)99).Code());
    }
}

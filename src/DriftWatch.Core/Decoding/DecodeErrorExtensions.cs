namespace DriftWatch.Core.Decoding;

public static class DecodeErrorExtensions
{
    /// <summary>The field the error is about (empty for the whole event).</summary>
    public static string Field(this DecodeError error) => error switch
    {
        DecodeError.ModelMissing or DecodeError.ModelNotString => "model",
        DecodeError.VersionMissing or DecodeError.VersionNotString => "version",
        DecodeError.FeaturesNotObject => "features",
        DecodeError.TimestampInvalid => "ts",
        _ => "",
    };

    /// <summary>A short reason, as used in dead-letter headers and <c>file:line: field: reason</c> messages.</summary>
    public static string Reason(this DecodeError error) => error switch
    {
        DecodeError.None => "ok",
        DecodeError.NotJson => "not JSON",
        DecodeError.NotAnObject => "not a JSON object",
        DecodeError.TooLarge => "over Decoding:MaxEventBytes",
        DecodeError.ModelMissing => "missing",
        DecodeError.VersionMissing => "missing",
        DecodeError.ModelNotString or DecodeError.VersionNotString => "not a string",
        DecodeError.FeaturesNotObject => "not an object",
        DecodeError.TimestampInvalid => "neither an ISO-8601 time nor epoch milliseconds",
        _ => error.ToString(),
    };

    /// <summary><c>field: reason</c>, or the reason alone.</summary>
    public static string Describe(this DecodeError error)
    {
        string field = error.Field();
        return field.Length == 0 ? error.Reason() : $"{field}: {error.Reason()}";
    }

    /// <summary>A stable machine-readable code, e.g. <c>not_json</c>, for headers and metric labels.</summary>
    public static string Code(this DecodeError error) => error switch
    {
        DecodeError.None => "none",
        DecodeError.NotJson => "not_json",
        DecodeError.NotAnObject => "not_object",
        DecodeError.TooLarge => "too_large",
        DecodeError.ModelMissing => "model_missing",
        DecodeError.ModelNotString => "model_not_string",
        DecodeError.VersionMissing => "version_missing",
        DecodeError.VersionNotString => "version_not_string",
        DecodeError.FeaturesNotObject => "features_not_object",
        DecodeError.TimestampInvalid => "ts_invalid",
        _ => "unknown",
    };
}

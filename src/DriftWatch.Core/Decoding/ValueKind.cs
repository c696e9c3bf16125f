namespace DriftWatch.Core.Decoding;

/// <summary>What a feature or prediction value was in the event's JSON.</summary>
public enum ValueKind : byte
{
    /// <summary>JSON <c>null</c>.</summary>
    Null,

    Number,

    /// <summary>A JSON string: a category.</summary>
    Text,

    True,

    False,

    /// <summary>An object, an array, or a number outside the range of a double: never usable.</summary>
    Unusable,
}

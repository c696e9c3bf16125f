namespace DriftWatch.Core.Decoding;

/// <summary>Why a telemetry event cannot be used (DESIGN.md "Telemetry events"); it is counted and dead-lettered, never fatal.</summary>
public enum DecodeError
{
    None,
    NotJson,
    NotAnObject,
    TooLarge,
    ModelMissing,
    ModelNotString,
    VersionMissing,
    VersionNotString,
    FeaturesNotObject,
    TimestampInvalid,
}

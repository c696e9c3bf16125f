using System.Runtime.CompilerServices;
using System.Text.Json;

namespace DriftWatch.Core.Decoding;

/// <summary>
/// One decoded telemetry event, reused from event to event: strings are unescaped into one growing
/// byte buffer and referenced by <see cref="Utf8Range"/>, so after warm-up decoding allocates nothing.
/// </summary>
public sealed class TelemetryEvent
{
    private byte[] _text = new byte[512];
    private int _textLength;
    private DecodedFeature[] _features = new DecodedFeature[16];

    public Utf8Range Model { get; internal set; }

    public Utf8Range Version { get; internal set; }

    /// <summary>Whether <c>model</c>/<c>version</c> were present as strings.</summary>
    internal bool HasModel { get; set; }

    internal bool HasVersion { get; set; }

    /// <summary>Event time, Unix epoch milliseconds, when the event carried a <c>ts</c>.</summary>
    public long? TimestampMs { get; internal set; }

    /// <summary>Whether the event carried a <c>features</c> object.</summary>
    public bool HasFeatures { get; internal set; }

    public int FeatureCount { get; private set; }

    /// <summary>Whether the event carried a <c>prediction</c> key.</summary>
    public bool HasPrediction { get; internal set; }

    public DecodedValue Prediction { get; internal set; }

    public double? LatencyMs { get; internal set; }

    public bool? Error { get; internal set; }

    /// <summary>After a <see cref="DecodeError.NotJson"/>: the byte offset where parsing stopped.</summary>
    public long ErrorOffset { get; internal set; }

    /// <summary>
    /// Uses the broker's timestamp when the event carried no <c>ts</c>, and clamps a <c>ts</c> more than
    /// <see cref="MaxClockSkewMs"/> past it (a producer's clock far in the future must not move event time).
    /// </summary>
    public void ApplyBrokerTimestamp(long brokerMs)
    {
        if (TimestampMs is not { } ts || ts > brokerMs + MaxClockSkewMs) TimestampMs = brokerMs;
    }

    /// <summary>Five minutes.</summary>
    public const long MaxClockSkewMs = 5 * 60 * 1000;

    public ReadOnlySpan<DecodedFeature> Features => _features.AsSpan(0, FeatureCount);

    public ReadOnlySpan<byte> ModelUtf8 => Text(Model);

    public ReadOnlySpan<byte> VersionUtf8 => Text(Version);

    public ReadOnlySpan<byte> Text(Utf8Range range) => _text.AsSpan(range.Start, range.Length);

    internal void Reset()
    {
        _textLength = 0;
        FeatureCount = 0;
        Model = Version = default;
        HasModel = HasVersion = HasFeatures = HasPrediction = false;
        Prediction = default;
        TimestampMs = null;
        LatencyMs = null;
        Error = null;
        ErrorOffset = 0;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // once per feature of every event
    internal void AddFeature(Utf8Range name, in DecodedValue value)
    {
        if (FeatureCount == _features.Length) Array.Resize(ref _features, _features.Length * 2);
        _features[FeatureCount++] = new DecodedFeature(name, value);
    }

    /// <summary>Copies the current string or property name token, unescaped, into the text buffer.</summary>
    internal Utf8Range CopyString(ref Utf8JsonReader reader)
    {
        ReadOnlySpan<byte> raw = reader.ValueSpan; // decoding works on one contiguous span, never a sequence
        if (!reader.ValueIsEscaped) return CopyText(raw);
        if (!JsonEscapes.AreWhole(raw)) DriftThrow.HalfSurrogatePair();
        Reserve(raw.Length); // unescaped, never longer
        int length = reader.CopyString(_text.AsSpan(_textLength));
        var range = new Utf8Range(_textLength, length);
        _textLength += length;
        return range;
    }

    /// <summary>Copies text that needs no unescaping into the text buffer.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // once per string of every event
    internal Utf8Range CopyText(ReadOnlySpan<byte> text)
    {
        Reserve(text.Length);
        text.CopyTo(_text.AsSpan(_textLength));
        var range = new Utf8Range(_textLength, text.Length);
        _textLength += text.Length;
        return range;
    }

    private void Reserve(int length)
    {
        if (_text.Length - _textLength < length) Array.Resize(ref _text, Math.Max(_text.Length * 2, _textLength + length));
    }
}

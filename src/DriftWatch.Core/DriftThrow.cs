using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;

namespace DriftWatch.Core;

/// <summary>Every throw of the engine, kept out of hot methods so they stay small enough to inline.</summary>
[StackTraceHidden]
internal static class DriftThrow
{
    [DoesNotReturn]
    public static void LengthMismatch(string name, int length, int expected) =>
        throw new ArgumentException($"{name} has {length} elements; expected {expected}, the length of the other span.", name);

    [DoesNotReturn]
    public static void ArgumentOutOfRange(string name, object value, string allowed) =>
        throw new ArgumentOutOfRangeException(name, value, $"{name} ({value}) must be {allowed}.");

    [DoesNotReturn]
    public static void InvalidOperation(string message) => throw new InvalidOperationException(message);

    /// <summary>Thrown inside the decoder and caught there: the event is not JSON (see <c>JsonEscapes</c>).</summary>
    [DoesNotReturn]
    public static void HalfSurrogatePair() => throw new System.Text.Json.JsonException("A \\u escape is half a surrogate pair: not Unicode text.");
}

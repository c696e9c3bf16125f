using System.Security.Cryptography;
using System.Text;

namespace DriftWatch.Webhooks;

/// <summary>
/// The body signature of a target with a <c>Secret</c>: <c>X-DriftWatch-Signature: sha256=&lt;lowercase hex
/// HMAC-SHA256 of the exact body bytes, keyed with the secret's UTF-8 bytes&gt;</c>. A receiver recomputes it over the
/// raw body it read and compares in constant time.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-DriftWatch-Signature";

    public const string Prefix = "sha256=";

    public static string Sign(string secret, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(Encoding.UTF8.GetBytes(secret), body, mac);
        return Prefix + Convert.ToHexStringLower(mac);
    }

    /// <summary>Whether <paramref name="header"/> is the signature of <paramref name="body"/> (constant-time comparison).</summary>
    public static bool Verify(string secret, ReadOnlySpan<byte> body, string? header) =>
        header is not null && CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Sign(secret, body)), Encoding.ASCII.GetBytes(header));
}

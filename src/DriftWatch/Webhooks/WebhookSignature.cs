using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace DriftWatch.Webhooks;

/// <summary>
/// The signature of a target with a <c>Secret</c>. Each attempt carries <c>X-DriftWatch-Timestamp</c> (its Unix
/// seconds) and <c>X-DriftWatch-Signature: sha256=&lt;hex&gt;[,sha256=&lt;hex&gt;…]</c>: one lowercase hex
/// HMAC-SHA256 per secret, keyed with the secret's UTF-8 bytes, over the timestamp's digits, a dot and the exact body
/// bytes. The timestamp inside the MAC lets a receiver refuse a captured request replayed later; one signature per
/// secret lets it accept either of an old and a new secret while they are rotated.
/// </summary>
public static class WebhookSignature
{
    public const string Header = "X-DriftWatch-Signature";

    public const string TimestampHeader = "X-DriftWatch-Timestamp";

    /// <summary>The CloudEvent id of the decision, the same on every attempt and after a restart: receivers drop repeats by it.</summary>
    public const string IdHeader = "X-DriftWatch-Id";

    public const string Prefix = "sha256=";

    /// <summary>The secrets of a <c>Secret</c> value: comma-separated, each trimmed; empty entries are left out.</summary>
    public static string[] Secrets(string? secret) =>
        secret is null ? [] : secret.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);

    /// <summary>The signature header's value: one <c>sha256=</c> entry per secret, comma-separated, in the given order.</summary>
    public static string Sign(IReadOnlyList<string> secrets, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secrets);
        var header = new StringBuilder(secrets.Count * (Prefix.Length + 2 * HMACSHA256.HashSizeInBytes + 1));
        foreach (string secret in secrets)
        {
            if (header.Length > 0) header.Append(',');
            header.Append(Sign(secret, timestamp, body));
        }
        return header.ToString();
    }

    /// <summary><c>sha256=&lt;hex HMAC-SHA256 of "timestamp.body"&gt;</c> for one secret.</summary>
    public static string Sign(string secret, long timestamp, ReadOnlySpan<byte> body)
    {
        ArgumentNullException.ThrowIfNull(secret);
        using var hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA256, Encoding.UTF8.GetBytes(secret));
        hmac.AppendData(Encoding.ASCII.GetBytes(timestamp.ToString(CultureInfo.InvariantCulture) + "."));
        hmac.AppendData(body);
        Span<byte> mac = stackalloc byte[HMACSHA256.HashSizeInBytes];
        hmac.GetHashAndReset(mac);
        return Prefix + Convert.ToHexStringLower(mac);
    }

    /// <summary>Whether any entry of <paramref name="header"/> signs <paramref name="body"/> at <paramref name="timestamp"/> with the secret (constant-time comparison).</summary>
    public static bool Verify(string secret, long timestamp, ReadOnlySpan<byte> body, string? header)
    {
        if (header is null) return false;
        byte[] expected = Encoding.ASCII.GetBytes(Sign(secret, timestamp, body));
        bool found = false;
        foreach (string entry in header.Split(',', StringSplitOptions.TrimEntries))
            found |= CryptographicOperations.FixedTimeEquals(expected, Encoding.ASCII.GetBytes(entry));
        return found;
    }
}

using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;

namespace DriftWatch.Http;

/// <summary>
/// HTTP basic authentication against <c>Metrics:BasicAuthUsers</c> (user → bcrypt hash), as Prometheus exporters do
/// it: <c>/healthz</c> and <c>/readyz</c> stay open for probes, everything else answers 401 without a valid user and
/// password. bcrypt is slow on purpose, and Prometheus asks every few seconds: a password once checked is remembered
/// (as its SHA-256, never in clear) so a scrape costs a hash lookup.
/// </summary>
internal sealed partial class BasicAuthentication(IReadOnlyDictionary<string, string> users)
{
    private const int RememberedLimit = 1024;

    // Checked for unknown users too, so that the answer's timing does not tell which user names exist.
    private static readonly Lazy<string> s_decoy = new(() => BCrypt.Net.BCrypt.HashPassword(Guid.NewGuid().ToString(), 10));

    private readonly ConcurrentDictionary<string, bool> _remembered = new(StringComparer.Ordinal);

    public bool Enabled => users.Count > 0;

    public static bool IsBcryptHash(string? hash) => hash is not null && BcryptHash().IsMatch(hash);

    public static bool IsOpen(PathString path) => path == "/healthz" || path == "/readyz";

    public async Task InvokeAsync(HttpContext context, RequestDelegate next)
    {
        if (!Enabled || IsOpen(context.Request.Path) || Authenticated(context.Request.Headers.Authorization.ToString()))
        {
            await next(context).ConfigureAwait(false);
            return;
        }
        context.Response.StatusCode = StatusCodes.Status401Unauthorized;
        context.Response.Headers.WWWAuthenticate = "Basic realm=\"DriftWatch\", charset=\"UTF-8\"";
        await context.Response.WriteAsync("401 Unauthorized: Metrics:BasicAuthUsers protects this endpoint\n").ConfigureAwait(false);
    }

    public bool Authenticated(string authorization)
    {
        if (!authorization.StartsWith("Basic ", StringComparison.OrdinalIgnoreCase)) return false;
        string credentials;
        try
        {
            credentials = Encoding.UTF8.GetString(Convert.FromBase64String(authorization[6..].Trim()));
        }
        catch (FormatException)
        {
            return false;
        }
        int colon = credentials.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0) return false;
        string user = credentials[..colon], password = credentials[(colon + 1)..];

        string key = user + ":" + Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(password)));
        if (_remembered.ContainsKey(key)) return true;
        bool known = users.TryGetValue(user, out string? hash);
        bool valid = Verify(password, known ? hash! : s_decoy.Value) && known;
        if (valid)
        {
            if (_remembered.Count >= RememberedLimit) _remembered.Clear();
            _remembered[key] = true;
        }
        return valid;
    }

    private static bool Verify(string password, string hash)
    {
        try
        {
            return BCrypt.Net.BCrypt.Verify(password, hash);
        }
        catch (BCrypt.Net.SaltParseException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^\$2[aby]\$(0[4-9]|[12][0-9]|3[01])\$[./A-Za-z0-9]{53}$")]
    private static partial Regex BcryptHash();
}

namespace DriftWatch.Http;

/// <summary>
/// The live page and <c>/status.json</c> rendered at most once a second per distinct request (path, model filter,
/// history): every open tab polls every 2 s, and a fleet's page is megabytes.
/// </summary>
internal sealed class RenderedResponses(TimeProvider time)
{
    private static readonly TimeSpan s_fresh = TimeSpan.FromSeconds(1);
    private const int Limit = 256; // distinct filters remembered; more are rendered anew

    private readonly Dictionary<string, (byte[] Body, DateTimeOffset At)> _rendered = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    public byte[] Get(string key, Func<DateTimeOffset, byte[]> render)
    {
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_rendered.TryGetValue(key, out var hit) && now - hit.At < s_fresh) return hit.Body;
            byte[] body = render(now);
            if (_rendered.Count >= Limit) _rendered.Clear();
            _rendered[key] = (body, now);
            return body;
        }
    }
}

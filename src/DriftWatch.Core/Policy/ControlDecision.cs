using System.Security.Cryptography;
using System.Text;
using DriftWatch.Core.Windows;

namespace DriftWatch.Core.Policy;

/// <summary>
/// One decision for the control topic (DESIGN.md "Control topic"): an incident transition or a rollback. Its
/// <see cref="Id"/> is derived from what was decided, so the same decision after a restart has the same id.
/// </summary>
public sealed record ControlDecision(
    DecisionType Type,
    string Model,
    string Version,
    string IncidentId,
    string Transition,
    FeatureState Severity,
    WindowInfo Window,
    IReadOnlyList<FeatureSnapshot> Features,
    string? Reason = null,
    string? FromVersion = null,
    string? ToVersion = null)
{
    public string CloudEventType => Type.CloudEventType();

    public string Subject => $"{Model}@{Version}";

    /// <summary>The first 32 hex digits of SHA-256(<c>incidentId|type|transition|windowEnd</c>).</summary>
    public string Id => IdFor(IncidentId, CloudEventType, Transition, Window.IdPart);

    public static string IdFor(string incidentId, string type, string transition, string windowEnd)
    {
        byte[] hash = SHA256.HashData(Encoding.UTF8.GetBytes($"{incidentId}|{type}|{transition}|{windowEnd}"));
        return Convert.ToHexStringLower(hash.AsSpan(0, 16));
    }
}

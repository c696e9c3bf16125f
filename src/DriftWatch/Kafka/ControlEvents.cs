using System.Globalization;
using System.Net.Mime;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using DriftWatch.Core.Policy;

namespace DriftWatch.Kafka;

/// <summary>Decisions as CloudEvents 1.0 in structured JSON mode (DESIGN.md "Control topic").</summary>
public static class ControlEvents
{
    public const string Source = "driftwatch";

    // Relaxed escaping: bins like "[81000, +inf)" stay readable for kcat and people ('+' is safe in JSON, not in HTML).
    private static readonly JsonEventFormatter s_formatter = new(
        new System.Text.Json.JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping },
        new System.Text.Json.JsonDocumentOptions());

    /// <summary>The CloudEvent of a decision: id derived from the decision, <c>time</c> = the window's end.</summary>
    public static CloudEvent ToCloudEvent(ControlDecision decision)
    {
        ArgumentNullException.ThrowIfNull(decision);
        return new CloudEvent
        {
            Id = decision.Id,
            Source = new Uri(Source, UriKind.Relative),
            Type = decision.CloudEventType,
            Subject = decision.Subject,
            Time = decision.Window.End ?? DateTimeOffset.UnixEpoch,
            DataContentType = MediaTypeNames.Application.Json,
            Data = Data(decision),
        };
    }

    /// <summary>The UTF-8 JSON of the structured-mode event.</summary>
    public static byte[] Encode(ControlDecision decision) => Encode(ToCloudEvent(decision));

    public static byte[] Encode(CloudEvent cloudEvent) => s_formatter.EncodeStructuredModeMessage(cloudEvent, out _).ToArray();

    /// <summary>Reads a structured-mode CloudEvent (ours or a controller's).</summary>
    public static CloudEvent Decode(ReadOnlyMemory<byte> json) => s_formatter.DecodeStructuredModeMessage(json, null, null);

    private static JsonObject Data(ControlDecision d)
    {
        var data = new JsonObject
        {
            ["model"] = d.Model,
            ["version"] = d.Version,
            ["incidentId"] = d.IncidentId,
            ["transition"] = d.Transition,
            ["severity"] = d.Severity.Label(),
            ["window"] = new JsonObject
            {
                ["start"] = Time(d.Window.Start),
                ["end"] = Time(d.Window.End),
                ["samples"] = d.Window.Samples,
                ["sequence"] = d.Window.Sequence,
            },
            ["features"] = new JsonArray([.. d.Features.Select(Feature)]),
        };
        if (d.Reason is not null) data["reason"] = d.Reason;
        if (d.Type.IsRollback())
        {
            data["fromVersion"] = d.FromVersion;
            data["toVersion"] = d.ToVersion;
        }
        return data;
    }

    private static JsonObject Feature(FeatureSnapshot f)
    {
        var o = new JsonObject
        {
            ["name"] = f.Name,
            ["state"] = f.State.Label(),
            ["psi"] = f.Psi,
            ["kl"] = f.Kl,
            ["js"] = f.Js,
            ["pValue"] = f.PValue,
            ["pExact"] = f.PExact,
        };
        if (f.Value is { } value) o["value"] = value;
        if (f.TopShiftBin is not null)
            o["topShift"] = new JsonObject { ["bin"] = f.TopShiftBin, ["baseline"] = f.TopShiftBaseline, ["window"] = f.TopShiftWindow };
        return o;
    }

    private static string? Time(DateTimeOffset? t) => t?.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
}

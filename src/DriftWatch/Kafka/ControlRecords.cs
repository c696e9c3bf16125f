using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using CloudNative.CloudEvents;
using Confluent.Kafka;
using DriftWatch.Core.Policy;
using Microsoft.Extensions.Logging;
using DriftWatch.Core.Decoding;

namespace DriftWatch.Kafka;

/// <summary>
/// Records of the control topic as others write them too: DriftWatch's decisions, silences
/// (<c>io.driftwatch.silence.set</c>) and a deployment controller's <c>io.driftwatch.rollback.completed</c>/<c>.failed</c>.
/// </summary>
public static class ControlRecords
{
    public const string SilenceType = "io.driftwatch.silence.set";

    /// <summary>A CloudEvent of the control topic, or null (logged) for a record that is not one.</summary>
    public static CloudEvent? Parse(ConsumeResult<string?, byte[]?> record, ILogger log)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(log);
        if (record.Message.Value is not { Length: > 0 } value) return null;
        try
        {
            return ControlEvents.Decode(value);
        }
        catch (Exception e) when (e is ArgumentException or JsonException or FormatException)
        {
            log.LogWarning("{Topic} @{Offset}: not a CloudEvent, ignored: {Reason}", record.Topic, record.Offset.Value, e.Message);
            return null;
        }
    }

    /// <summary>
    /// A silence read from the control topic, or null for any other record (decisions are for <c>incidents</c>, not
    /// kept by the worker). Its time is the earlier of the CloudEvent's <c>time</c> and the record's Kafka timestamp,
    /// so a silence dated in the future is not stretched past <c>Control:MaxSilence</c> from when it was written.
    /// </summary>
    public static SilenceRecord? ParseSilence(ConsumeResult<string?, byte[]?> record, ILogger log)
    {
        if (Parse(record, log) is not { } e || AsSilence(e) is not { } silence) return null;
        var written = record.Message.Timestamp.Type == TimestampType.NotAvailable ? (DateTimeOffset?)null : record.Message.Timestamp.UtcDateTime;
        var setAt = e.Time is { } time && (written is null || time < written) ? time : written ?? DateTimeOffset.UtcNow;
        return new SilenceRecord(silence, e.Source?.ToString() ?? "", setAt);
    }

    /// <summary>The CloudEvent that sets a silence (key: the model).</summary>
    public static byte[] EncodeSilence(Silence silence, DateTimeOffset setAt)
    {
        ArgumentNullException.ThrowIfNull(silence);
        var data = new JsonObject
        {
            ["model"] = silence.Model,
            ["version"] = silence.Version,
            ["until"] = silence.Until.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture),
            ["reason"] = silence.Reason,
        };
        string subject = silence.Version is null ? silence.Model : $"{silence.Model}@{silence.Version}";
        var cloudEvent = new CloudEvent
        {
            Id = ControlDecision.IdFor(subject, SilenceType, "set", setAt.ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture)),
            Source = new Uri(ControlEvents.Source, UriKind.Relative),
            Type = SilenceType,
            Subject = subject,
            Time = DateTimeOffset.FromUnixTimeMilliseconds(setAt.ToUnixTimeMilliseconds()), // milliseconds, as every other event's time
            DataContentType = "application/json",
            Data = data,
        };
        return ControlEvents.Encode(cloudEvent);
    }

    /// <summary>The silence a <c>silence.set</c> event sets, or null for any other event or a malformed one.</summary>
    public static Silence? AsSilence(CloudEvent e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (e.Type != SilenceType || e.Data is not JsonElement { ValueKind: JsonValueKind.Object } data) return null;
        if (!data.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.String) return null;
        if (!data.TryGetProperty("until", out var until) || !until.TryGetDateTimeOffset(out var end)) return null;
        string? version = data.TryGetProperty("version", out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;
        string? reason = data.TryGetProperty("reason", out var r) && r.ValueKind == JsonValueKind.String ? r.GetString() : null;
        return new Silence(model.GetString()!, version, end, reason);
    }
}

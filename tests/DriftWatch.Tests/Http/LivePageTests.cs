using System.Text.Json;
using System.Text.RegularExpressions;
using DriftWatch.Core.Policy;
using DriftWatch.Hosting;
using DriftWatch.Http;
using DriftWatch.Tests.Hosting;
using DriftWatch.Status;
using DriftWatch.Core.Decoding;
using DriftWatch.Core.Options;

namespace DriftWatch.Tests.Http;

/// <summary>The live page <c>/</c> and its data <c>/status.json</c>, rendered from a worker status made by hand.</summary>
public sealed partial class LivePageTests
{
    private const string Evil = "<script>alert(1)</script>";
    private static readonly DateTimeOffset s_now = new(2026, 11, 22, 10, 0, 30, TimeSpan.Zero);

    internal static WorkerStatus Drifting()
    {
        var status = new WorkerStatus { BaselinesLoaded = true, BrokerReachable = true };
        status.Registered["m@1"] = "production";
        status.Registered["m@0"] = "archived";
        status.Registered[$"{Evil}@2"] = "shadow";
        FeatureView[] features =
        [
            new("income", FeatureState.Critical, Verdict.Critical, 5000, 2.5067, 0.514, 0.1544, 0, [0.01, 0.5, 2.5067]),
            new(Evil, FeatureState.Ok, Verdict.Ok, 5000, 0.0044, 0.0022, 0.0005, 0.041, [0.003, double.NaN, 0.0044]),
        ];
        status.Versions["m@1"] = new VersionView("m@1", "production", 60_500, FeatureState.Critical, "m@1/1", features, new ThresholdOptions(), s_now);
        status.Versions[$"{Evil}@2"] = new VersionView($"{Evil}@2", "shadow", 10, FeatureState.Ok, null, [], new ThresholdOptions(), s_now);
        status.Emitted(WorkerStatusTests.Decision(1) with { IncidentId = "m@1/1" });
        status.Emitted(WorkerStatusTests.Decision(2, "escalated", DecisionType.DriftCritical) with { IncidentId = "m@1/1", Severity = FeatureState.Critical });
        status.Emitted(WorkerStatusTests.Decision(3, "rollback", DecisionType.RollbackRequested) with
        {
            IncidentId = "m@1/1", Severity = FeatureState.Critical, FromVersion = "1", ToVersion = "0", Reason = "feature-drift",
        });
        return status;
    }

    public sealed class Render
    {
        [Fact]
        public void EncodesEveryNameFromTheData()
        {
            string html = LivePage.Render(Drifting(), s_now);
            Assert.Contains("<td class=\"name\">&lt;script&gt;alert(1)&lt;/script&gt;</td>", html); // a feature and a model
            Assert.Equal(2, Regex.Count(html, "&lt;script&gt;alert\\(1\\)&lt;/script&gt;</td>"));
            Assert.Equal(1, Regex.Count(html, "<script", RegexOptions.IgnoreCase)); // the page's own refresh script only
            Assert.DoesNotContain(Evil, html);
        }

        [Fact]
        public void ShowsVersionsIncidentsFeaturesAndDecisions()
        {
            string html = LivePage.Render(Drifting(), s_now);
            Assert.Contains("<span>status <b>ready</b></span>", html);
            Assert.Contains("<span>updated <b>2026-11-22 10:00:30Z</b></span>", html);
            Assert.Contains("<span>control events <b>3</b></span>", html);
            // Versions: the archived one registered without a window, the live ones with their events and state.
            Assert.Matches("<tr class=\"row-none\"><td class=\"name\">m</td><td>0</td><td>archived</td><td class=\"num\">—</td><td><span class=\"badge st-none\">no window</span>", html);
            Assert.Contains("<td class=\"name\">m</td><td>1</td><td>production</td><td class=\"num\">60,500</td><td><span class=\"badge st-critical\">critical</span></td><td class=\"mono\">m@1/1</td>", html);
            // The open incident: since the window that opened it, the features not ok, the rollback.
            string incidents = Section(html, "Open incidents");
            Assert.Contains("<td class=\"mono\">m@1/1</td><td><span class=\"badge st-critical\">critical</span></td><td>1970-01-01 00:00:01Z</td>", incidents);
            Assert.Contains("<td>income <span class=\"note\">critical</span></td>", incidents);
            Assert.Contains("requested 1 → <b>0</b>", incidents);
            // Features: numbers and one sparkline each.
            string features = Section(html, "m@1 ");
            Assert.Contains("<td class=\"num\">2.5067</td><td class=\"num\">0.5140</td><td class=\"num\">0.1544</td><td class=\"num\">&lt; 2.2e-308</td>", features);
            Assert.Equal(2, Regex.Count(features, "<svg class=\"spark\""));
            // Decisions, newest first.
            string decisions = Section(html, "Recent control events");
            Assert.True(decisions.IndexOf("rollback.requested", StringComparison.Ordinal) < decisions.IndexOf("drift.critical", StringComparison.Ordinal));
            Assert.True(decisions.IndexOf("drift.critical", StringComparison.Ordinal) < decisions.IndexOf("drift.warning", StringComparison.Ordinal));
        }

        [Fact]
        public void RefreshesByFetchingItselfIntoTheLiveBlock()
        {
            string html = LivePage.Render(Drifting(), s_now);
            Assert.Equal(1, Regex.Count(html, "<div id=\"live\">"));
            Assert.Contains($"setInterval(tick, {LivePage.RefreshMs})", html);
            Assert.Contains(".catch(", html);
            Assert.DoesNotContain("http", Regex.Match(html, "<script>(.*)</script>", RegexOptions.Singleline).Groups[1].Value); // same origin only
        }

        [Fact]
        public void ShowsOneModelWhenFiltered()
        {
            string html = LivePage.Render(Drifting(), s_now, model: "m");
            Assert.Contains("<td class=\"name\">m</td><td>1</td>", html);
            Assert.Equal(1, Regex.Count(html, "&lt;script&gt;alert\\(1\\)&lt;/script&gt;</td>")); // m@1's feature of that name, not the other model
            Assert.Contains("rollback.requested", html);
            Assert.DoesNotContain("rollback.requested", LivePage.Render(Drifting(), s_now, model: "other"));
        }

        [Fact]
        public void ShowsTheActiveSilencesOnlyWhenThereAreSome()
        {
            var status = Drifting();
            Assert.DoesNotContain("Active silences", LivePage.Render(status, s_now));
            status.ActiveSilences = [new Silence("m", null, s_now.AddHours(2), "deploy <b>"), new Silence(Evil, "2", s_now.AddMinutes(5), null)];

            string silences = Section(LivePage.Render(status, s_now), "Active silences");
            Assert.Contains("<td class=\"name\">m</td><td>every version</td><td>2026-11-22 12:00:30Z</td><td>deploy &lt;b&gt;</td>", silences);
            Assert.Contains("<td>2</td><td>2026-11-22 10:05:30Z</td>", silences);
            Assert.DoesNotContain(Evil, silences);
        }

        [Fact]
        public void BeforeAnythingHappenedSaysWhatIsMissing()
        {
            string html = LivePage.Render(new WorkerStatus(), s_now);
            Assert.Contains("<span>status <b>not ready</b>: reading the baselines topic</span>", html);
            Assert.Contains("No baseline registered yet", html);
            Assert.Contains("None: every monitored feature is ok.", html);
            Assert.Contains("No control event yet.", html);
        }

        private static string Section(string html, string heading)
        {
            int start = html.IndexOf("<h2>" + heading, StringComparison.Ordinal);
            Assert.True(start >= 0, $"no section {heading}");
            int end = html.IndexOf("<h2>", start + 4, StringComparison.Ordinal);
            return html[start..(end < 0 ? html.Length : end)];
        }
    }

    public sealed class Status
    {
        [Fact]
        public void CarriesWhatThePageShows()
        {
            using var doc = JsonDocument.Parse(StatusJson.Write(Drifting(), s_now));
            var root = doc.RootElement;
            Assert.Equal("2026-11-22T10:00:30Z", root.GetProperty("updated").GetString());
            Assert.True(root.GetProperty("ready").GetBoolean());
            Assert.Equal(0, root.GetProperty("events").GetProperty("scored").GetInt64());
            Assert.Equal(3, root.GetProperty("controlEvents").GetInt64());
            Assert.Equal([$"{Evil}@2", "m@0", "m@1"], root.GetProperty("registered").EnumerateArray().Select(r => r.GetProperty("key").GetString()));

            var version = root.GetProperty("versions").EnumerateArray().Single(v => v.GetProperty("key").GetString() == "m@1");
            Assert.Equal("critical", version.GetProperty("state").GetString());
            Assert.Equal("m@1/1", version.GetProperty("openIncident").GetString());
            var features = version.GetProperty("features").EnumerateArray().ToList();
            Assert.Equal(["income", Evil], features.Select(f => f.GetProperty("name").GetString()));
            Assert.Equal(2.5067, features[0].GetProperty("psi").GetDouble());
            Assert.Equal("[0.01,0.5,2.5067]", features[0].GetProperty("psiHistory").GetRawText());
            Assert.Equal("[0.003,null,0.0044]", features[1].GetProperty("psiHistory").GetRawText());

            var decisions = root.GetProperty("decisions").EnumerateArray().ToList();
            Assert.Equal(["io.driftwatch.drift.warning", "io.driftwatch.drift.critical", "io.driftwatch.rollback.requested"],
                decisions.Select(d => d.GetProperty("type").GetString()));
            Assert.Equal("0", decisions[2].GetProperty("toVersion").GetString());
        }

        [Fact]
        public void CarriesNoBrokerAddressAndTheActiveSilences()
        {
            var status = Drifting();
            status.ActiveSilences = [new Silence("m", "1", s_now.AddHours(1), "deploy")];
            using var doc = JsonDocument.Parse(StatusJson.Write(status, s_now));
            Assert.False(doc.RootElement.TryGetProperty("bootstrapServers", out _));
            var silence = Assert.Single(doc.RootElement.GetProperty("silences").EnumerateArray());
            Assert.Equal("""{"model":"m","version":"1","until":"2026-11-22T11:00:30Z","reason":"deploy"}""", silence.GetRawText());
            using var other = JsonDocument.Parse(StatusJson.Write(status, s_now, model: "other"));
            Assert.Empty(other.RootElement.GetProperty("silences").EnumerateArray());
        }

        [Fact]
        public void DatesTheFirstAndLatestEventInWallTimeToTheMillisecond()
        {
            var status = new WorkerStatus();
            using (var before = JsonDocument.Parse(StatusJson.Write(status, s_now)))
            {
                Assert.Equal(JsonValueKind.Null, before.RootElement.GetProperty("firstEventAt").ValueKind);
                Assert.Equal(JsonValueKind.Null, before.RootElement.GetProperty("lastEventAt").ValueKind);
            }
            var earliest = DateTime.UtcNow.AddMilliseconds(-1);
            status.Handled();
            status.Handled();
            using var doc = JsonDocument.Parse(StatusJson.Write(status, s_now));
            var first = doc.RootElement.GetProperty("firstEventAt").GetDateTime();
            var last = doc.RootElement.GetProperty("lastEventAt").GetDateTime();
            Assert.Equal(DateTimeKind.Utc, first.Kind);
            Assert.InRange(first, earliest, last);
            Assert.InRange(last, first, DateTime.UtcNow);
            Assert.Equal(0, last.Ticks % TimeSpan.TicksPerMillisecond);
        }
    }
}

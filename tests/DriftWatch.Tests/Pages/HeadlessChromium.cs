using System.Diagnostics;

namespace DriftWatch.Tests.Pages;

/// <summary>
/// Debian's headless Chromium, run once per page: a screenshot (decoded), the DOM after scripts ran, and what the
/// browser logged (console messages, uncaught script errors). A missing browser fails the test saying what to install.
/// </summary>
public static class HeadlessChromium
{
    public sealed record Render(PngImage Screenshot, long PngBytes, string Dom, string Log);

    /// <summary>Loads <paramref name="url"/> at 1280×1600, lets its timers run for <paramref name="virtualMs"/> of virtual time, and captures it.</summary>
    public static Render Load(string url, int virtualMs = 500)
    {
        string browser = Find() ?? throw new Xunit.Sdk.XunitException(
            "chromium is not installed: the browser tests render the HTML report and the live page in it. " +
            "Install Debian's package (apt-get install -y chromium; .ci/run does) or set CHROMIUM to its path.");
        using var profile = new TempDirectory();
        string png = profile.File("page.png");
        var start = new ProcessStartInfo(browser)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string arg in (string[])[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", $"--user-data-dir={profile.File("profile")}", "--enable-logging=stderr", "--v=0",
            $"--screenshot={png}", "--dump-dom", "--window-size=1280,1600", $"--virtual-time-budget={virtualMs}", url])
            start.ArgumentList.Add(arg);

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(30)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"chromium did not finish {url} within 30 s");
        }
        string log = stderr.GetAwaiter().GetResult();
        Assert.True(File.Exists(png), $"chromium wrote no screenshot of {url} (exit {process.ExitCode}):\n{log}");
        byte[] bytes = File.ReadAllBytes(png);
        return new Render(PngImage.Decode(bytes), bytes.LongLength, stdout.GetAwaiter().GetResult(), log);
    }

    /// <summary>Script errors the page raised, as Chromium logs them (<c>"Uncaught TypeError: …", source: …</c>).</summary>
    public static IEnumerable<string> ScriptErrors(Render render) =>
        render.Log.Split('\n').Where(l => l.Contains("Uncaught", StringComparison.Ordinal));

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("CHROMIUM") is { Length: > 0 } configured) return configured;
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
            foreach (string name in (string[])["chromium", "chromium-browser"])
                if (File.Exists(Path.Combine(dir, name))) return Path.Combine(dir, name);
        return null;
    }
}

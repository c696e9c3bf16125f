using System.Runtime.InteropServices;

namespace DriftWatch.Kafka;

/// <summary>
/// Finds and loads the librdkafka build that Confluent.Kafka ships and that works on this machine: the default build
/// needs libsasl2.so.3, missing on a bare Debian, so the CentOS 8 build is the fallback — the order Confluent.Kafka's
/// own loader follows, so client and embedded broker load the same file (dlopen of one path is one library). Not
/// <c>Confluent.Kafka.Library.Load</c>: it calls dlopen through "libdl", which Debian 12 ships only as libdl.so.2.
/// </summary>
public static class LibRdKafka
{
    private static readonly Lock s_lock = new();
    private static nint s_handle;
    private static string? s_path;

    /// <summary>The loaded library's path.</summary>
    public static string Path
    {
        get
        {
            EnsureLoaded();
            return s_path!;
        }
    }

    public static nint Handle
    {
        get
        {
            EnsureLoaded();
            return s_handle;
        }
    }

    /// <summary>Loads librdkafka once; throws naming every file tried when none loads.</summary>
    public static void EnsureLoaded()
    {
        lock (s_lock)
        {
            if (s_handle != 0) return;
            var tried = new List<string>();
            foreach (string candidate in Candidates())
            {
                if (!File.Exists(candidate)) continue;
                if (NativeLibrary.TryLoad(candidate, out nint handle))
                {
                    s_handle = handle;
                    s_path = candidate;
                    return;
                }
                tried.Add(candidate);
            }
            throw new DllNotFoundException(
                $"No librdkafka build loads on this machine (tried: {(tried.Count == 0 ? "none found" : string.Join(", ", tried))}).");
        }
    }

    private static IEnumerable<string> Candidates()
    {
        string rid = RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? "linux-arm64" : "linux-x64";
        foreach (string root in new[] { AppContext.BaseDirectory, System.IO.Path.GetDirectoryName(typeof(Confluent.Kafka.Library).Assembly.Location) ?? "" })
        {
            string native = System.IO.Path.Combine(root, "runtimes", rid, "native");
            yield return System.IO.Path.Combine(native, "librdkafka.so");
            yield return System.IO.Path.Combine(native, "centos8-librdkafka.so");
            // A publish for one runtime (dotnet publish -r linux-x64: ReadyToRun, single file) puts them beside the app.
            yield return System.IO.Path.Combine(root, "librdkafka.so");
            yield return System.IO.Path.Combine(root, "centos8-librdkafka.so");
        }
    }

    /// <summary>The address of an exported function.</summary>
    public static nint Export(string name) => NativeLibrary.GetExport(Handle, name);
}

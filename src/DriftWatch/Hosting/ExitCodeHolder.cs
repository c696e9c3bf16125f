namespace DriftWatch.Hosting;

/// <summary>The process exit code a hosted service asks for when it stops the application (2: bad configuration or topics).</summary>
public sealed class ExitCodeHolder
{
    public int Code { get; set; }
}

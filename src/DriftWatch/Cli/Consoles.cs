using Spectre.Console;

namespace DriftWatch.Cli;

/// <summary>Spectre consoles over the verb's writer: colours on a terminal, plain and wide in files and pipes.</summary>
public static class Consoles
{
    public static IAnsiConsole For(TextWriter output)
    {
        bool terminal = ReferenceEquals(output, Console.Out) && !Console.IsOutputRedirected;
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Out = new AnsiConsoleOutput(output),
            Ansi = terminal ? AnsiSupport.Detect : AnsiSupport.No,
            ColorSystem = terminal ? ColorSystemSupport.Detect : ColorSystemSupport.NoColors,
        });
        if (!terminal) console.Profile.Width = 200; // files and pipes: never wrap a row
        return console;
    }
}

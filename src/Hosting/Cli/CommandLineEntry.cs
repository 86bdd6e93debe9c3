using System.CommandLine;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.Hosting.Cli;

/// <summary>What both executables' Program.cs do: parse, refuse a malformed command line with exit 2, run the verb.</summary>
public static class CommandLineEntry
{
    public static async Task<int> RunAsync(RootCommand root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(root);
        var parse = root.Parse(args);
        if (parse.Errors.Count == 0)
        {
            return await parse.InvokeAsync();
        }

        foreach (var error in parse.Errors)
        {
            Console.Error.WriteLine("usage error: " + error.Message);
        }

        Console.Error.WriteLine($"see '{root.Name} {string.Join(' ', CommandPath(parse))} --help'");
        return ExitCodes.Usage;
    }

    private static Stack<string> CommandPath(ParseResult parse)
    {
        var names = new Stack<string>();
        for (var command = parse.CommandResult; command.Parent is System.CommandLine.Parsing.CommandResult parent; command = parent)
        {
            names.Push(command.Command.Name);
        }

        return names;
    }
}

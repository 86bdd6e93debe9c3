using System.CommandLine;
using TransferPipeline.Shared.Cli;
using TransferPipeline.Shared.FileSystem;

namespace TransferPipeline.Hosting.Cli;

/// <summary>
/// What both executables' Program.cs do: restrict the files they create as the side asks, parse, refuse a malformed
/// command line with exit 2, run the verb.
/// </summary>
public static class CommandLineEntry
{
    public static async Task<int> RunAsync(HostSide side, RootCommand root, string[] args)
    {
        ArgumentNullException.ThrowIfNull(side);
        ArgumentNullException.ThrowIfNull(root);
        if (side.OwnerOnlyFiles && !OperatingSystem.IsWindows())
        {
            FileCreationMask.RestrictToOwner();
        }

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

using System.Diagnostics;

namespace TransferPipeline.Shared.Processes;

/// <summary>How the product starts an external tool: directly (no shell, arguments passed as a list), stdin, stdout and stderr redirected.</summary>
public static class ToolStartInfo
{
    public static ProcessStartInfo Create(string executable, IEnumerable<string> arguments, string workingDirectory)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var info = new ProcessStartInfo(executable)
        {
            UseShellExecute = false,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }
}

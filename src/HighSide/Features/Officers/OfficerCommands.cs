using System.CommandLine;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.HighSide.Features.Officers;

/// <summary>`highside officer ...`: security officers and their personal approval keys.</summary>
internal static class OfficerCommands
{
    public static Command Create() =>
        new("officer", "Manage security officers and their approval keys")
        {
            KeygenCommand.Create("Create an officer's personal approval key pair (minisign format)"),
        };
}

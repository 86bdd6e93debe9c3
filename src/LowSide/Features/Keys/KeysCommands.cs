using System.CommandLine;
using TransferPipeline.Shared.Cli;

namespace TransferPipeline.LowSide.Features.Keys;

/// <summary>Key verbs of the low side.</summary>
internal static class KeysCommands
{
    public static Command Keygen() =>
        KeygenCommand.Create("Create a site signing key pair (minisign format) for signing transfer batches");
}

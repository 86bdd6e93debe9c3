using System.CommandLine;
using TransferPipeline.HighSide.Features.Officers;
using TransferPipeline.HighSide.Features.Verification;

namespace TransferPipeline.HighSide;

/// <summary>The `highside` command tree; each feature contributes its verbs.</summary>
internal static class HighSideCommandLine
{
    public static RootCommand Build() =>
        new("highside: imports transfer batches into quarantine, verifies them, gates them on two-person approval and publishes them")
        {
            VerifyCommand.Create(),
            OfficerCommands.Create(),
        };
}

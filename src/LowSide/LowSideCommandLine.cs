using System.CommandLine;
using TransferPipeline.LowSide.Features.Keys;

namespace TransferPipeline.LowSide;

/// <summary>The `lowside` command tree; each feature contributes its verbs.</summary>
internal static class LowSideCommandLine
{
    public static RootCommand Build() =>
        new("lowside: files artifact requests, gathers artifacts and cuts signed transfer batches onto removable media")
        {
            KeysCommands.Keygen(),
        };
}
